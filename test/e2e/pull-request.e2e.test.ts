// The pull-request path end to end: a small git repository of a bookshop service (a Node server on a
// real PostgreSQL) with its loadlens/deploy.yaml and loadlens/workload.yaml, loadlens installed into it
// from the packed tarballs, and `loadlens pr` run — as the workflow runs it — on a base checkout and on
// two heads: one that introduces an N+1 and drops an index (the comment names both, --fail-on exits 1),
// one with only a noise-level change (exit 0).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { PostgresPeer } from '../harness/index.ts';
import { installLoadlens, removeInstalled, runCommand, startPeer, userEnv } from '../harness/index.ts';

// The rules the test holds the heads to. +50 % rather than the workflow's +10 %: both sides share two
// cores with whatever else runs, and the noise-only head must not trip on the machine's own jitter.
const FAIL_ON = 'p95:+50%,new-n-plus-one';
// Loopback PostgreSQL answers an indexed lookup in a fraction of a millisecond, far under Sentry's
// 100 ms N+1 total; the README's threshold for a loopback database flags repeats by their share instead.
const THRESHOLDS = 'nPlusOneMinShare=0.3';
const ISBN = '9780000001234';

/** The bookshop's server; `variant` switches the code a pull request changes. */
function server(variant: 'base' | 'n-plus-one' | 'noise'): string {
  const isbnIndex = variant === 'n-plus-one' ? '' : 'CREATE INDEX books_isbn ON books (isbn);';
  const booksOfAuthor =
    variant === 'n-plus-one'
      ? `  const books = (await pool.query('SELECT id, title FROM books WHERE author_id = $1 ORDER BY id', [id])).rows;
  for (const book of books)
    book.reviews = (await pool.query('SELECT count(*)::int AS n FROM reviews WHERE book_id = $1', [book.id])).rows[0].n;
  return books;`
      : `  const sql = 'SELECT b.id, b.title, count(r.id)::int AS reviews FROM books b LEFT JOIN reviews r ON r.book_id = b.id ' +
    'WHERE b.author_id = $1 GROUP BY b.id ORDER BY b.id';
  return (await pool.query(sql, [id])).rows;`;
  // The head of the regression also builds its SQL with the ISBN inside: the comment must not show it.
  const byIsbn =
    variant === 'n-plus-one'
      ? // biome-ignore lint/suspicious/noTemplateCurlyInString: the server's own template literal, written out as text.
        "pool.query(`SELECT id, title FROM books WHERE isbn = '${isbn}'`)"
      : "pool.query('SELECT id, title FROM books WHERE isbn = $1', [isbn])";
  return `const http = require('node:http');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });

async function booksOfAuthor(id) {
${booksOfAuthor}
}

const routes = [
  [/^\\/authors\\/(\\d+)\\/books$/, (m) => booksOfAuthor(Number(m[1]))],
  [/^\\/books\\/by-isbn\\/(\\d+)$/, (m) => { const isbn = m[1]; return ${byIsbn}.then((r) => r.rows); }],
  [/^\\/health$/, () => Promise.resolve({ ok: true${variant === 'noise' ? ', service: "bookshop"' : ''} })],
];

async function main() {
  await pool.query(\`DROP TABLE IF EXISTS reviews, books, authors;
    CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL);
    CREATE TABLE books (id int PRIMARY KEY, author_id int NOT NULL, isbn text NOT NULL, title text NOT NULL);
    CREATE TABLE reviews (id serial PRIMARY KEY, book_id int NOT NULL, stars int NOT NULL);
    INSERT INTO authors SELECT i, 'author ' || i FROM generate_series(1, 5000) i;
    INSERT INTO books SELECT i, 1 + i % 5000, (9780000000000 + i)::text, 'book ' || i FROM generate_series(1, 100000) i;
    INSERT INTO reviews (book_id, stars) SELECT 1 + i % 100000, 1 + i % 5 FROM generate_series(1, 200000) i;
    CREATE INDEX books_author ON books (author_id);
    CREATE INDEX reviews_book ON reviews (book_id);
    ${isbnIndex}
    ANALYZE;\`);
  http.createServer((req, res) => {
    for (const [pattern, handle] of routes) {
      const m = pattern.exec(req.url);
      if (!m) continue;
      return handle(m).then(
        (body) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(body)); },
        (error) => { res.statusCode = 500; res.end(String(error.message)); },
      );
    }
    res.statusCode = 404;
    res.end();
  }).listen(Number(process.env.PORT), '127.0.0.1');
}
main();
`;
}

const WORKLOAD = `name: bookshop
duration: 6s
seed: 5
operations:
  - { name: books-of-author, method: GET, path: /authors/17/books, rate: 10/s }
  - { name: book-by-isbn, method: GET, path: /books/by-isbn/${ISBN}, rate: 10/s }
  - { name: health, method: GET, path: /health, rate: 2/s }
`;

let pg: PostgresPeer;
let repo: string;
const env = userEnv();

async function git(cwd: string, ...args: string[]): Promise<void> {
  const result = await runCommand('git', args, { cwd, env, timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

/** A worktree of `branch` beside the repository, with its dependencies installed from its lockfile. */
async function worktree(branch: string): Promise<string> {
  const dir = `${repo}-${branch}`;
  await git(repo, 'worktree', 'add', dir, branch);
  const ci = await runCommand('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: dir,
    env,
    timeoutMs: 300_000,
  });
  if (ci.code !== 0) throw new Error(`npm ci in ${dir}: ${ci.stderr}`);
  return dir;
}

beforeAll(async () => {
  pg = await startPeer('postgres');
  repo = join(mkdtempSync(join(tmpdir(), 'loadlens-bookshop-')), 'bookshop');
  const deploy = `name: bookshop
command: node server.js
cwd: ..
env: { DATABASE_URL: "${pg.url}" }
readiness: { http: /health, timeout: 60s }
`;
  await installLoadlens(
    {
      '.gitignore': 'node_modules/\n',
      'server.js': server('base'),
      'loadlens/deploy.yaml': deploy,
      'loadlens/workload.yaml': WORKLOAD,
    },
    repo,
    { pg: '8.23.1' },
  );
  await git(repo, 'init', '-q', '-b', 'main');
  await git(repo, 'add', '-A');
  await git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'bookshop');
  for (const variant of ['n-plus-one', 'noise'] as const) {
    await git(repo, 'checkout', '-q', '-b', variant, 'main');
    writeFileSync(join(repo, 'server.js'), server(variant));
    await git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', variant);
  }
  await git(repo, 'checkout', '-q', 'main');
}, 120_000);

afterAll(async () => {
  removeInstalled();
  if (repo) rmSync(join(repo, '..'), { recursive: true, force: true });
  await pg?.stop();
});

/** `npx loadlens pr` in the head's checkout, as the workflow runs it. */
async function pr(head: string, out: string) {
  const result = await runCommand(
    'npx',
    [
      '--no-install',
      'loadlens',
      'pr',
      '--base',
      repo,
      '--head',
      '.',
      '--deploy',
      'loadlens/deploy.yaml',
      '--workload',
      'loadlens/workload.yaml',
      '--out',
      out,
      '--fail-on',
      FAIL_ON,
      '--thresholds',
      THRESHOLDS,
    ],
    { cwd: head, env, timeoutMs: 110_000 },
  );
  return { ...result, comment: readFileSync(join(out, 'comment.md'), 'utf8') };
}

test('a head with an N+1 and a dropped index: the comment names both and --fail-on exits 1', async () => {
  const head = await worktree('n-plus-one');
  const out = join(head, '..', 'out-n-plus-one');
  const { code, stdout, stderr, comment } = await pr(head, out);
  expect(code, `${stdout}\n${stderr}`).toBe(1);
  expect(comment).toContain('## loadlens: ❌ regression');
  // The new N+1, on the route where the per-book query now runs once per book.
  expect(comment).toMatch(/### New findings\n\n- \*\*\w+\*\* N\+1[^\n]*/);
  expect(comment).toMatch(/\| `new-n-plus-one` \| ❌ failed \|[^\n]*\/authors\//);
  // The route that lost its index, as a regression in the changes table.
  expect(comment).toMatch(/\| 🔺 regression \| route `GET \/books\/by-isbn\/\{id\}` \|/);
  // No literal from a query: not the ISBN the head interpolated into its SQL, not the seed's strings.
  expect(comment).not.toContain(ISBN);
  expect(comment).not.toMatch(/'author '|'book '/);
  expect(comment.length).toBeLessThan(65_536);
}, 120_000);

test('a head with only a noise-level change passes', async () => {
  const head = await worktree('noise');
  const { code, stdout, stderr, comment } = await pr(head, join(head, '..', 'out-noise'));
  expect(code, `${stdout}\n${stderr}\n${comment}`).toBe(0);
  expect(comment).toContain('## loadlens: ✅ no regression');
  expect(comment).not.toContain('### New findings');
}, 120_000);
