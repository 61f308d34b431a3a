export { sanitize, sanitizeInline } from './sanitize.js';
export { renderText, type TextOptions, type ItemSighting } from './text.js';
export { renderDiff, findResourceItems, inventoryOf, type DiffOptions, type ResourceInventory, type DiffResult, type ResourceMatch } from './diff.js';
export { renderMarkdown, type MarkdownOptions } from './markdown.js';
export { renderJson, type JsonOptions } from './json.js';
export { renderSarif, type SarifOptions } from './sarif.js';
