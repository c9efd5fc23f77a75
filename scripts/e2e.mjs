// The mobile app's web-export secret scan and real-browser E2E, as part of `npm test`.
// The browser test needs Debian's Chromium: with CI=true its absence fails; elsewhere it is
// skipped with the reason printed (`.ci/run` installs it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (script) => {
  const result = spawnSync('npm', ['run', script, '-w', '@assetra/mobile'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run('test:export');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  if (process.env.CI === 'true') {
    console.error(`browser E2E: ${chromium} not found (apt-get install -y chromium)`);
    process.exit(1);
  }
  console.log(`[skip] browser E2E: ${chromium} not found (apt-get install -y chromium to run it)`);
  process.exit(0);
}
run('test:e2e');
