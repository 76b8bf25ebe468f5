/**
 * Import of XCSP 2.1 instances (the format of the Renault benchmark models) into a catalog
 * document, so real industrial models can be validated, configured and benchmarked with the
 * same tools as hand-written catalogs.
 *
 * Supported subset: extensional constraints only (`<relation semantics="supports">`, tuples
 * separated by `|`), domains given as value lists or `a..b` ranges, and the benchmark's joker
 * convention (`optional="-1"` on a domain: that value means "does not apply"). Anything else
 * (conflicts tables, predicates, global constraints) is rejected with an error naming the
 * element, rather than imported with a different meaning.
 */
import { CATALOG_LIMITS, IdSchema, type CatalogDocument } from '#core/catalog-document';

/** The XCSP input cannot be read or uses something outside the supported subset. */
export class XcspImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XcspImportError';
  }
}

/** Overrides for the product's identity; by default both come from the instance name. */
export interface XcspImportOptions {
  /** Product id; default: the `<presentation name>` of the instance (e.g. "medium"). */
  id?: string;
  /** Product name; default: the product id. */
  name?: string;
  /** Currency of the (all-zero) prices; default EUR. */
  currency?: string;
}

/**
 * Converts an XCSP 2.1 instance into a catalog document: one single-choice group per variable
 * (min 0 when its domain has a joker value), value k becomes choice `xk`, and each constraint
 * becomes one `table` rule with the constraint's name as id, the joker written as `null`.
 * Tuples holding a value outside a variable's domain can never match, so they are dropped.
 *
 * @throws XcspImportError on malformed XML or unsupported XCSP, naming the element.
 */
export function importXcsp(xml: string, options: XcspImportOptions = {}): CatalogDocument {
  const root = parseXml(xml);
  if (root.name !== 'instance') throw new XcspImportError(`expected root element <instance>, found <${root.name}> (line ${root.line})`);

  const presentation = childrenNamed(root, 'presentation')[0];
  const format = presentation?.attributes.get('format');
  if (format !== undefined && !/^XCSP 2(\.\d+)?$/.test(format)) {
    throw new XcspImportError(`<presentation> (line ${presentation!.line}): format "${format}" is not supported, only XCSP 2.1`);
  }
  const instanceName = presentation?.attributes.get('name') ?? 'xcsp-instance';
  const productId = options.id ?? instanceName;
  if (!IdSchema.safeParse(productId).success) {
    throw new XcspImportError(`product id "${productId}" is not a valid catalog id; pass another one (CLI: --id)`);
  }

  const domains = readDomains(root);
  const variables = readVariables(root, domains);
  const relations = readRelations(root);
  const rules = readConstraints(root, variables, relations);

  const groups: CatalogDocument['groups'] = [];
  for (const [name, domain] of variables) {
    groups.push({
      id: name,
      kind: 'product',
      min: domain.joker === undefined ? 1 : 0,
      max: 1,
      choices: domain.values.filter((v) => v !== domain.joker).map((v) => ({ id: choiceId(v), price: 0, leadDays: 0 })),
    });
  }
  if (groups.length === 0) throw new XcspImportError('<variables>: the instance declares no variable');
  if (groups.length > CATALOG_LIMITS.groups)
    throw new XcspImportError(`<variables>: ${groups.length} variables, a catalog holds at most ${CATALOG_LIMITS.groups}`);

  return {
    id: productId,
    name: options.name ?? productId,
    currency: options.currency ?? 'EUR',
    basePrice: 0,
    baseLeadDays: 0,
    groups,
    rules,
  };
}

/** Value k of a variable is choice `xk` (ids may not start with "-", and must not be bare numbers' lookalikes of other ids). */
function choiceId(value: number): string {
  return `x${value}`;
}

// ---------------------------------------------------------------------------------------------
// XCSP interpretation

interface Domain {
  name: string;
  values: number[];
  valueSet: Set<number>;
  /** The value meaning "not applicable", if the domain declares one. */
  joker: number | undefined;
}

interface Relation {
  name: string;
  arity: number;
  tuples: number[][];
  line: number;
}

function section(root: XmlElement, name: string, required: boolean): XmlElement | undefined {
  const found = childrenNamed(root, name);
  if (found.length > 1)
    throw new XcspImportError(`<${name}> appears ${found.length} times (lines ${found.map((e) => e.line).join(', ')}); expected once`);
  if (found.length === 0 && required) throw new XcspImportError(`<instance> has no <${name}> section`);
  return found[0];
}

function requiredAttribute(element: XmlElement, attribute: string): string {
  const value = element.attributes.get(attribute);
  if (value === undefined) {
    const label = element.attributes.get('name');
    throw new XcspImportError(
      `<${element.name}${label === undefined ? '' : ` name="${label}"`}> (line ${element.line}) lacks the "${attribute}" attribute`,
    );
  }
  return value;
}

function describe(element: XmlElement): string {
  const label = element.attributes.get('name');
  return `<${element.name}${label === undefined ? '' : ` name="${label}"`}> (line ${element.line})`;
}

function parseInteger(token: string, element: XmlElement, what: string): number {
  if (!/^-?\d+$/.test(token)) throw new XcspImportError(`${describe(element)}: ${what} "${token}" is not an integer`);
  const value = Number(token);
  if (!Number.isSafeInteger(value)) throw new XcspImportError(`${describe(element)}: ${what} "${token}" is out of range`);
  return value;
}

function checkCount(element: XmlElement, attribute: string, actual: number): void {
  const declared = element.attributes.get(attribute);
  if (declared === undefined) return;
  const expected = parseInteger(declared, element, attribute);
  if (expected !== actual) throw new XcspImportError(`${describe(element)}: ${attribute}="${declared}" but ${actual} found`);
}

function readDomains(root: XmlElement): Map<string, Domain> {
  const container = section(root, 'domains', true)!;
  const domains = new Map<string, Domain>();
  for (const element of container.children) {
    if (element.name !== 'domain') throw new XcspImportError(`${describe(element)}: unexpected element inside <domains>`);
    const name = requiredAttribute(element, 'name');
    if (domains.has(name)) throw new XcspImportError(`${describe(element)}: duplicate domain name "${name}"`);
    const values: number[] = [];
    for (const token of element.text.split(/\s+/)) {
      if (token === '') continue;
      const range = /^(-?\d+)\.\.(-?\d+)$/.exec(token);
      if (range) {
        const from = parseInteger(range[1]!, element, 'range start');
        const to = parseInteger(range[2]!, element, 'range end');
        if (to < from || to - from >= CATALOG_LIMITS.choicesPerGroup)
          throw new XcspImportError(`${describe(element)}: range "${token}" is empty or too large`);
        for (let v = from; v <= to; v++) values.push(v);
      } else {
        values.push(parseInteger(token, element, 'value'));
      }
    }
    const valueSet = new Set(values);
    if (valueSet.size !== values.length) throw new XcspImportError(`${describe(element)}: a value is listed twice`);
    checkCount(element, 'nbValues', values.length);
    const optional = element.attributes.get('optional');
    const joker = optional === undefined ? undefined : parseInteger(optional, element, 'optional');
    if (joker !== undefined && !valueSet.has(joker))
      throw new XcspImportError(`${describe(element)}: optional value ${joker} is not among its values`);
    const choices = joker === undefined ? values.length : values.length - 1;
    if (choices > CATALOG_LIMITS.choicesPerGroup)
      throw new XcspImportError(`${describe(element)}: ${choices} values, a group holds at most ${CATALOG_LIMITS.choicesPerGroup}`);
    domains.set(name, { name, values, valueSet, joker });
  }
  checkCount(container, 'nbDomains', domains.size);
  return domains;
}

function readVariables(root: XmlElement, domains: Map<string, Domain>): Map<string, Domain> {
  const container = section(root, 'variables', true)!;
  const variables = new Map<string, Domain>();
  for (const element of container.children) {
    if (element.name !== 'variable') throw new XcspImportError(`${describe(element)}: unexpected element inside <variables>`);
    const name = requiredAttribute(element, 'name');
    if (!IdSchema.safeParse(name).success)
      throw new XcspImportError(`${describe(element)}: "${name}" cannot be a group id (letters, digits, "_" and "-" only, at most 64)`);
    if (variables.has(name)) throw new XcspImportError(`${describe(element)}: duplicate variable name "${name}"`);
    const domainName = requiredAttribute(element, 'domain');
    const domain = domains.get(domainName);
    if (!domain) throw new XcspImportError(`${describe(element)}: unknown domain "${domainName}"`);
    variables.set(name, domain);
  }
  checkCount(container, 'nbVariables', variables.size);
  return variables;
}

function readRelations(root: XmlElement): Map<string, Relation> {
  const container = section(root, 'relations', false);
  const relations = new Map<string, Relation>();
  if (!container) return relations;
  for (const element of container.children) {
    if (element.name !== 'relation') throw new XcspImportError(`${describe(element)}: unexpected element inside <relations>`);
    const name = requiredAttribute(element, 'name');
    if (relations.has(name)) throw new XcspImportError(`${describe(element)}: duplicate relation name "${name}"`);
    const semantics = requiredAttribute(element, 'semantics');
    if (semantics !== 'supports')
      throw new XcspImportError(`${describe(element)}: semantics="${semantics}" is not supported, only "supports"`);
    const arity = parseInteger(requiredAttribute(element, 'arity'), element, 'arity');
    if (arity < 1 || arity > CATALOG_LIMITS.tableArity)
      throw new XcspImportError(`${describe(element)}: arity ${arity} is outside 1..${CATALOG_LIMITS.tableArity}`);
    const tuples: number[][] = [];
    for (const rowText of element.text.split('|')) {
      const tokens = rowText.trim();
      if (tokens === '') continue;
      const tuple = tokens.split(/\s+/).map((t) => parseInteger(t, element, `value in tuple ${tuples.length + 1}`));
      if (tuple.length !== arity)
        throw new XcspImportError(`${describe(element)}: tuple ${tuples.length + 1} has ${tuple.length} values, arity is ${arity}`);
      tuples.push(tuple);
    }
    checkCount(element, 'nbTuples', tuples.length);
    relations.set(name, { name, arity, tuples, line: element.line });
  }
  checkCount(container, 'nbRelations', relations.size);
  return relations;
}

function readConstraints(root: XmlElement, variables: Map<string, Domain>, relations: Map<string, Relation>): CatalogDocument['rules'] {
  const container = section(root, 'constraints', false);
  const rules: CatalogDocument['rules'] = [];
  if (!container) return rules;
  const ruleIds = new Set<string>();
  let totalRows = 0;
  for (const element of container.children) {
    if (element.name !== 'constraint') throw new XcspImportError(`${describe(element)}: unexpected element inside <constraints>`);
    const name = requiredAttribute(element, 'name');
    if (!IdSchema.safeParse(name).success)
      throw new XcspImportError(`${describe(element)}: "${name}" cannot be a rule id (letters, digits, "_" and "-" only, at most 64)`);
    if (ruleIds.has(name)) throw new XcspImportError(`${describe(element)}: duplicate constraint name "${name}"`);
    ruleIds.add(name);
    const reference = requiredAttribute(element, 'reference');
    const relation = relations.get(reference);
    if (!relation) {
      throw new XcspImportError(
        `${describe(element)}: reference "${reference}" is not a declared <relation> (only extensional "supports" tables are supported)`,
      );
    }
    const scope = requiredAttribute(element, 'scope')
      .split(/\s+/)
      .filter((s) => s !== '');
    if (new Set(scope).size !== scope.length)
      throw new XcspImportError(`${describe(element)}: a variable appears twice in scope "${scope.join(' ')}"`);
    checkCount(element, 'arity', scope.length);
    if (scope.length !== relation.arity)
      throw new XcspImportError(
        `${describe(element)}: scope has ${scope.length} variables, relation "${reference}" has arity ${relation.arity}`,
      );
    const domains = scope.map((v) => {
      const domain = variables.get(v);
      if (!domain) throw new XcspImportError(`${describe(element)}: scope names unknown variable "${v}"`);
      return domain;
    });
    const allowed: (string | null)[][] = [];
    // Rows are converted per constraint, not per relation: the joker depends on the scope's domains.
    rows: for (const tuple of relation.tuples) {
      const row: (string | null)[] = new Array(tuple.length);
      for (let i = 0; i < tuple.length; i++) {
        const value = tuple[i]!;
        const domain = domains[i]!;
        if (value === domain.joker) row[i] = null;
        else if (domain.valueSet.has(value)) row[i] = choiceId(value);
        else continue rows;
      }
      allowed.push(row);
    }
    totalRows += allowed.length;
    if (totalRows > CATALOG_LIMITS.tableRows)
      throw new XcspImportError(`${describe(element)}: more than ${CATALOG_LIMITS.tableRows} table rows in total`);
    rules.push({ id: name, type: 'table', groups: scope, allowed });
  }
  if (rules.length > CATALOG_LIMITS.rules)
    throw new XcspImportError(`<constraints>: ${rules.length} constraints, a catalog holds at most ${CATALOG_LIMITS.rules}`);
  checkCount(container, 'nbConstraints', rules.length);
  return rules;
}

// ---------------------------------------------------------------------------------------------
// A minimal XML reader: elements, attributes, text, comments, CDATA, the five predefined
// entities and character references. No namespaces, no DTD processing (a DOCTYPE is skipped);
// XCSP 2.1 needs nothing more, and a dependency for this would be heavier than the code.

interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  /** Concatenated text content directly inside this element. */
  text: string;
  line: number;
}

function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

const NAME_PATTERN = /[A-Za-z_:][A-Za-z0-9_:.-]*/y;
const ATTRIBUTE_PATTERN = /\s*([A-Za-z_:][A-Za-z0-9_:.-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

function parseXml(xml: string): XmlElement {
  let position = 0;
  const lineAt = (offset: number): number => {
    let line = 1;
    for (let i = xml.indexOf('\n'); i !== -1 && i < offset; i = xml.indexOf('\n', i + 1)) line++;
    return line;
  };
  // Elements are met in document order, so their lines are counted incrementally (linear time).
  let countedUpTo = 0;
  let countedLine = 1;
  const lineOfNext = (offset: number): number => {
    for (let i = xml.indexOf('\n', countedUpTo); i !== -1 && i < offset; i = xml.indexOf('\n', i + 1)) countedLine++;
    countedUpTo = offset;
    return countedLine;
  };
  const fail = (message: string, offset: number): never => {
    throw new XcspImportError(`malformed XML at line ${lineAt(offset)}: ${message}`);
  };

  const stack: XmlElement[] = [];
  const textParts: string[][] = [];
  let root: XmlElement | undefined;

  const appendText = (raw: string, offset: number): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (raw.trim() !== '') fail(`text outside the root element: "${raw.trim().slice(0, 30)}"`, offset);
      return;
    }
    textParts[textParts.length - 1]!.push(decodeEntities(raw, () => fail(`unknown entity in text of <${top.name}>`, offset)));
  };

  while (position < xml.length) {
    const open = xml.indexOf('<', position);
    if (open === -1) {
      appendText(xml.slice(position), position);
      break;
    }
    if (open > position) appendText(xml.slice(position, open), position);

    if (xml.startsWith('<!--', open)) {
      const end = xml.indexOf('-->', open + 4);
      if (end === -1) fail('unterminated comment', open);
      position = end + 3;
    } else if (xml.startsWith('<![CDATA[', open)) {
      const end = xml.indexOf(']]>', open + 9);
      if (end === -1) fail('unterminated CDATA section', open);
      if (stack.length === 0) fail('CDATA outside the root element', open);
      textParts[textParts.length - 1]!.push(xml.slice(open + 9, end));
      position = end + 3;
    } else if (xml.startsWith('<?', open)) {
      const end = xml.indexOf('?>', open + 2);
      if (end === -1) fail('unterminated processing instruction', open);
      position = end + 2;
    } else if (xml.startsWith('<!', open)) {
      if (stack.length > 0 || root) fail('a declaration (<!...>) is only allowed before the root element', open);
      const end = xml.indexOf('>', open);
      if (end === -1) fail('unterminated declaration', open);
      if (xml.slice(open, end).includes('[')) fail('DOCTYPE internal subsets are not supported', open);
      position = end + 1;
    } else if (xml.startsWith('</', open)) {
      NAME_PATTERN.lastIndex = open + 2;
      const name = NAME_PATTERN.exec(xml)?.[0];
      if (!name) fail('a closing tag without a name', open);
      const end = xml.indexOf('>', open);
      if (end === -1 || xml.slice(open + 2 + name!.length, end).trim() !== '') fail(`malformed closing tag </${name}>`, open);
      const top = stack.pop();
      if (!top) fail(`closing tag </${name}> without an open element`, open);
      if (top!.name !== name) fail(`closing tag </${name}> does not match <${top!.name}> opened at line ${top!.line}`, open);
      top!.text = textParts.pop()!.join('');
      position = end + 1;
    } else {
      NAME_PATTERN.lastIndex = open + 1;
      const name = NAME_PATTERN.exec(xml)?.[0];
      if (!name) fail('"<" not followed by an element name (write &lt; in text)', open);
      let cursor = open + 1 + name!.length;
      const attributes = new Map<string, string>();
      for (;;) {
        ATTRIBUTE_PATTERN.lastIndex = cursor;
        const match = ATTRIBUTE_PATTERN.exec(xml);
        if (!match) break;
        const attributeName = match[1]!;
        if (attributes.has(attributeName)) fail(`<${name}> repeats the attribute "${attributeName}"`, open);
        if (cursor === match.index && !/\s/.test(xml[cursor] ?? '')) fail(`<${name}>: attributes must be separated by white space`, cursor);
        attributes.set(
          attributeName,
          decodeEntities(match[2] ?? match[3] ?? '', () => fail(`unknown entity in attribute "${attributeName}" of <${name}>`, open)),
        );
        cursor = ATTRIBUTE_PATTERN.lastIndex;
      }
      while (/\s/.test(xml[cursor] ?? '')) cursor++;
      const selfClosing = xml.startsWith('/>', cursor);
      if (!selfClosing && xml[cursor] !== '>') fail(`malformed start tag <${name}> (bad attribute or missing ">")`, cursor);
      const element: XmlElement = { name: name!, attributes, children: [], text: '', line: lineOfNext(open) };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) fail(`a second root element <${name}> after <${root.name}>`, open);
      else root = element;
      if (!selfClosing) {
        stack.push(element);
        textParts.push([]);
      }
      position = cursor + (selfClosing ? 2 : 1);
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) throw new XcspImportError(`malformed XML: <${unclosed.name}> opened at line ${unclosed.line} is never closed`);
  if (!root) throw new XcspImportError('malformed XML: no root element');
  return root;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(raw: string, onUnknown: () => never): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (whole, entity: string) => {
    if (!whole.endsWith(';')) onUnknown();
    const codePoint = /^#x[0-9A-Fa-f]{1,6}$/.test(entity)
      ? parseInt(entity.slice(2), 16)
      : /^#\d{1,7}$/.test(entity)
        ? parseInt(entity.slice(1), 10)
        : undefined;
    if (codePoint !== undefined) {
      if (codePoint > 0x10ffff) onUnknown();
      return String.fromCodePoint(codePoint);
    }
    const decoded = ENTITIES[entity];
    if (decoded === undefined) onUnknown();
    return decoded!;
  });
}
