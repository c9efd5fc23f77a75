// Import rules `npm run lint` enforces. Type-only imports count (tsPreCompilationDeps): a cycle
// or an upward import made of types is still two modules that cannot be understood apart.
const API = '^apps/api/src/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other, directly or through others.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'services-below-http',
      severity: 'error',
      comment: 'Services are the use cases: they know nothing of Express middleware or routes.',
      from: { path: `${API}services/` },
      to: { path: `${API}(middleware|routes|openapi)/|${API}(app|server)\\.ts$` },
    },
    {
      name: 'store-below-services',
      severity: 'error',
      comment: 'The store port and its adapters sit below every use case.',
      from: { path: `${API}store/` },
      to: { path: `${API}(services|middleware|routes|openapi)/|${API}(app|server)\\.ts$` },
    },
    {
      name: 'middleware-below-routes',
      severity: 'error',
      from: { path: `${API}middleware/` },
      to: { path: `${API}routes/` },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|coverage)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@assetra/source', 'import', 'require', 'node', 'default'],
    },
  },
};
