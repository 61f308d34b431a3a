export { sanitize, sanitizeInline } from './sanitize.js';
export { renderText, type TextOptions } from './text.js';
export { renderDiff, findResourceItems, type DiffOptions, type DiffResult, type ResourceMatch } from './diff.js';
export { renderMarkdown, type MarkdownOptions } from './markdown.js';
export { renderJson } from './json.js';
