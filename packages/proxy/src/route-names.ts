// Names a request's route: the server's own `http.route` once the preload has reported it for a path's
// template, else the template itself (`templatePath` from @loadlens/types, shared with the log replay).
import { templatePath } from '@loadlens/types';

/** Raw path → route cache size: bounded because raw paths are unbounded; cleared when full. */
const ROUTE_CACHE_SIZE = 10_000;

export interface RouteNamer {
  /** The route of a path without its query (hot path: a Map lookup once the path was seen). */
  routeOf(path: string): string;
  /** Records that the server calls paths of `path`'s template `serverRoute`; returns the template. */
  learn(path: string, serverRoute: string): string;
}

/**
 * Creates a namer with an empty cache.
 * @example const names = createRouteNamer(); names.learn('/trips/42', '/trips/:id'); names.routeOf('/trips/7') // '/trips/:id'
 */
export function createRouteNamer(): RouteNamer {
  const learned = new Map<string, string>();
  let cache = new Map<string, string>();

  function routeOf(path: string): string {
    let route = cache.get(path);
    if (route === undefined) {
      const template = templatePath(path);
      route = learned.get(template) ?? template;
      if (cache.size >= ROUTE_CACHE_SIZE) cache = new Map();
      cache.set(path, route);
    }
    return route;
  }

  function learn(path: string, serverRoute: string): string {
    const template = templatePath(path);
    if (serverRoute !== '' && learned.get(template) !== serverRoute && learned.size < ROUTE_CACHE_SIZE) {
      learned.set(template, serverRoute);
      cache = new Map(); // paths cached under the template must pick up the server's route
    }
    return template;
  }

  return { routeOf, learn };
}
