// Preloaded (`--import`) into API processes a test spawns. The test holds this process's stdin
// open; when the test's process dies, however abruptly, stdin ends and this process follows,
// so no API process outlives the test run.
process.stdin.on('end', () => {
  process.exit(1);
});
process.stdin.resume();
