// Great-circle distance between two points, for dwell detection and trip distances.

/** Mean Earth radius in metres (IUGG value, as in e-mission's point_features.calDistance). */
const EARTH_RADIUS_M = 6_371_000;

/**
 * Haversine distance in metres.
 * @example distanceM(52.37, 4.89, 52.38, 4.89) // ≈ 1112
 */
export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}
