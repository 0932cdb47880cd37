// One entry point for every kind of peer, typed by name.
import { type FerretDbOptions, type FerretDbPeer, startFerretDb } from './peers/ferretdb.ts';
import { type JaegerOptions, type JaegerPeer, startJaeger } from './peers/jaeger.ts';
import { type NginxOptions, type NginxPeer, startNginx } from './peers/nginx.ts';
import { type PostgresOptions, type PostgresPeer, startPostgres } from './peers/postgres.ts';
import { type PrometheusOptions, type PrometheusPeer, startPrometheus } from './peers/prometheus.ts';

export interface PeerKinds {
  postgres: { options: PostgresOptions; peer: PostgresPeer };
  ferretdb: { options: FerretDbOptions; peer: FerretDbPeer };
  jaeger: { options: JaegerOptions; peer: JaegerPeer };
  prometheus: { options: PrometheusOptions; peer: PrometheusPeer };
  nginx: { options: NginxOptions; peer: NginxPeer };
}

export type PeerName = keyof PeerKinds;

type OptionsArg<N extends PeerName> = object extends PeerKinds[N]['options']
  ? [options?: PeerKinds[N]['options']]
  : [options: PeerKinds[N]['options']];

const starters: { [N in PeerName]: (options: PeerKinds[N]['options']) => Promise<PeerKinds[N]['peer']> } = {
  postgres: startPostgres,
  ferretdb: startFerretDb,
  jaeger: startJaeger,
  prometheus: startPrometheus,
  nginx: startNginx,
};

/**
 * Starts a peer on loopback and waits until it is ready.
 * @example const pg = await startPeer('postgres'); // pg.url === 'postgres://postgres@127.0.0.1:PORT/postgres'
 * @example const prom = await startPeer('prometheus', { targets: ['127.0.0.1:9464'] });
 */
export async function startPeer<N extends PeerName>(
  name: N,
  ...[options]: OptionsArg<N>
): Promise<PeerKinds[N]['peer']> {
  const start = starters[name] as (
    options: PeerKinds[N]['options'] | undefined,
  ) => Promise<PeerKinds[N]['peer']>;
  // A port checked free can still be taken before the peer binds it (another test worker picked
  // the same number). Each start draws fresh ports, so a bind clash is worth one more try; any
  // other failure is the peer's own and is thrown at once.
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(options);
    } catch (error) {
      if (attempt >= BIND_ATTEMPTS || !isBindClash(error)) throw error;
    }
  }
}

const BIND_ATTEMPTS = 3;

function isBindClash(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /address already in use|EADDRINUSE|could not bind/i.test(text);
}
