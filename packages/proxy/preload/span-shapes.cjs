// What the preload reads off finished spans: a query's shape (never its literals), the database a
// span talks to, and each request's self time by stage. Plain CommonJS: it runs inside the user's server.
'use strict';

const SERVER = 1;
const CLIENT = 2;

const OPERATION = /^[A-Za-z]+$/;
const IDENTIFIER = /^"?[A-Za-z_][\w$]*"?(\."?[A-Za-z_][\w$]*"?)?$/;
const SQL_TABLE = /\b(?:FROM|INTO|UPDATE|JOIN)\s+("?[A-Za-z_][\w$]*"?(?:\."?[A-Za-z_][\w$]*"?)?)/i;

/**
 * The operation and table a query text names, by text: an app sends the same few texts over and over, and
 * the regexes were most of a query span's aggregation. Bounded; past it texts are parsed each time.
 */
const TEXT_SHAPES_MAX = 2000;
const textShapes = new Map();
function textShape(text) {
  let shape = textShapes.get(text);
  if (shape === undefined) {
    const op = /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase();
    const collection = SQL_TABLE.exec(text)?.[1];
    shape = { op, collection, summary: summaryOf(op, collection) };
    if (textShapes.size < TEXT_SHAPES_MAX) textShapes.set(text, shape);
  }
  return shape;
}

function summaryOf(op, collection) {
  const parts = [];
  if (typeof op === 'string' && OPERATION.test(op)) parts.push(op);
  if (typeof collection === 'string' && IDENTIFIER.test(collection)) parts.push(collection.replace(/"/g, ''));
  return parts.length > 0 ? parts.join(' ') : 'unknown';
}

/** "SELECT trips", "find timeseries": operation + collection, never a literal (both must be identifiers). */
function querySummary(attributes) {
  const given = attributes['db.query.summary'];
  if (typeof given === 'string' && given.length <= 200) return given;
  let op = attributes['db.operation.name'] ?? attributes['db.operation'];
  let collection =
    attributes['db.collection.name'] ?? attributes['db.mongodb.collection'] ?? attributes['db.sql.table'];
  const text = attributes['db.query.text'] ?? attributes['db.statement'];
  if (typeof text === 'string' && (typeof op !== 'string' || typeof collection !== 'string')) {
    const shape = textShape(text);
    // The common case (SQL drivers give only the text): the whole summary is the text's.
    if (typeof op !== 'string' && typeof collection !== 'string') return shape.summary;
    if (typeof op !== 'string') op = shape.op;
    if (typeof collection !== 'string') collection = shape.collection;
  }
  return summaryOf(op, collection);
}

function dbSystem(attributes) {
  const system = attributes['db.system.name'] ?? attributes['db.system'];
  return typeof system === 'string' ? system : undefined;
}

function isPoolWait(name) {
  return name.endsWith('pool.connect');
}

/** The stage a span's self time counts to: its database's, an outgoing HTTP call's, or the app's. */
function stageOfParts(db, kind, http) {
  if (db) return `db:${db}`;
  if (kind === CLIENT && http) return 'http';
  return 'app';
}

function stageOf(record) {
  return stageOfParts(record.db, record.kind, record.http);
}

const NO_CHILDREN = Object.freeze([]);
const byStart = (a, b) => a.start - b.start;

/** Self time of each span (its duration minus the union of its children's), summed by stage. */
function stageTimes(records) {
  const children = new Map();
  for (const r of records) {
    const list = children.get(r.parent);
    if (list) list.push(r);
    else children.set(r.parent, [r]);
  }
  const byStage = new Map();
  for (const r of records) {
    // The lists are this function's own: sorted in place, and only when there is an order to find.
    const kids = children.get(r.id) ?? NO_CHILDREN;
    if (kids.length > 1) kids.sort(byStart);
    let covered = 0;
    let cursor = r.start;
    for (const k of kids) {
      const from = Math.max(cursor, k.start);
      const to = Math.min(r.end, k.end);
      if (to > from) {
        covered += to - from;
        cursor = to;
      }
    }
    const stage = stageOf(r);
    byStage.set(stage, (byStage.get(stage) ?? 0) + Math.max(0, r.end - r.start - covered));
  }
  return byStage;
}

module.exports = { querySummary, dbSystem, isPoolWait, stageOfParts, stageTimes, SERVER };
