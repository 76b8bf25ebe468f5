/**
 * The layer rule of the house, checked by `npm run lint` (dependency-cruiser):
 *
 *   shared/core  →  shared/engine  →  domain use cases  →  adapters  →  functions/, infra/
 *   (types, ids,    (pure, sync)      (catalog, customers,  (store: DynamoDB,
 *    errors, refs)                     orders, partners,     http, gateway:
 *                                      recommend, …)          API Gateway, events:
 *                                                             EventBridge)
 *
 * An arrow means "may be imported by". A layer imports only from layers to its left; an adapter
 * imports a domain's types and its `schemas.ts` (its public contract), never its logic; the
 * domain never imports an adapter. The web page may use core values and any shared types.
 */
const DOMAIN = '^shared/(catalog|customers|orders|partners|recommend|selling|companies|quotes|documents|webhooks)/';
// outbound: HTTP calls to third parties (partner webhooks), DNS lookups of their hosts.
const ADAPTERS = '^shared/(store|http|gateway|events|outbound)/';

/**
 * The use cases themselves stack too, lowest first: a module may use those on its own level or
 * below, never one above (the catalog knows no customer; an order knows its customer and catalog;
 * the selling use cases combine them all).
 */
const DOMAIN_LEVELS = [
  ['catalog', 'partners', 'recommend'],
  ['customers'],
  ['orders', 'companies'],
  ['quotes', 'selling'],
  ['documents', 'webhooks'],
];
const domainOrder = DOMAIN_LEVELS.slice(0, -1).map((level, i) => ({
  name: `domain-order-${level.join('-')}`,
  comment: `${level.join(', ')} may not use ${DOMAIN_LEVELS.slice(i + 1)
    .flat()
    .join(', ')} (they stand above)`,
  severity: 'error',
  from: { path: `^shared/(${level.join('|')})/` },
  to: {
    path: `^shared/(${DOMAIN_LEVELS.slice(i + 1)
      .flat()
      .join('|')})/`,
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'core-is-the-bottom',
      comment: 'shared/core imports nothing else of the project',
      severity: 'error',
      from: { path: '^shared/core/' },
      to: { path: '^(shared/(?!core/)|functions/|infra/|web/)' },
    },
    {
      name: 'engine-is-pure',
      comment: 'the engine imports only core and itself: no domain, no adapter, no I/O library',
      severity: 'error',
      from: { path: '^shared/engine/' },
      to: { path: '^(shared/(?!core/|engine/)|functions/|infra/|web/)|node_modules/(@aws-sdk|aws-lambda|@aws-lambda-powertools)' },
    },
    {
      name: 'domain-never-imports-an-adapter',
      comment: 'use cases own their ports; adapters implement them (no AWS, no HTTP in the domain)',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: `${ADAPTERS}|^functions/|^infra/|^web/|node_modules/(@aws-sdk|aws-lambda|@aws-lambda-powertools)` },
    },
    {
      name: 'adapters-import-domain-types-only',
      comment: "an adapter imports a domain's types and its schemas.ts, never its logic",
      severity: 'error',
      from: { path: ADAPTERS },
      to: { path: `(${DOMAIN}|^shared/engine/)(?!.*schemas\\.ts$)`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-stay-apart',
      comment: 'the DynamoDB store, the HTTP layer and the API Gateway adapter do not import each other',
      severity: 'error',
      from: { path: '^shared/(store|http|gateway|events|outbound)/' },
      to: { path: ADAPTERS, pathNot: '^shared/$1/' },
    },
    {
      name: 'shared-never-imports-the-top',
      comment: 'functions/ and infra/ wire the layers; nothing below imports them',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra|web)/' },
    },
    {
      name: 'web-uses-core-values-and-shared-types',
      comment: 'the page is bundled for the browser: core values and type-only imports of the rest',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^shared/(?!core/)', dependencyTypesNot: ['type-only'] },
    },
    ...domainOrder,
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|web/dist|\\.data|coverage)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
