// Small geometry on the sphere: enough to draw great-circle legs and to tell a fix off the corridor.
const R = 6371008.8;
const rad = (d) => (d * Math.PI) / 180;
const deg = (r) => (r * 180) / Math.PI;

export function distance(a, b) {
  const dLat = rad(b[0] - a[0]);
  const dLon = rad(b[1] - a[1]);
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[0])) * Math.cos(rad(b[0])) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** The legs as great circles, one point every ~50 km, so a long leg draws as it is flown or driven. */
export function densify(waypoints, step = 50000) {
  const out = [];
  for (let i = 0; i < waypoints.length; i++) {
    const b = waypoints[i];
    if (i > 0) {
      const a = waypoints[i - 1];
      const d = distance(a, b);
      const n = Math.min(200, Math.floor(d / step));
      for (let k = 1; k < n; k++) {
        out.push(intermediate(a, b, k / n, d / R));
      }
    }
    out.push(b);
  }
  return out;
}

function intermediate(a, b, f, delta) {
  const [p1, l1, p2, l2] = [rad(a[0]), rad(a[1]), rad(b[0]), rad(b[1])];
  const A = Math.sin((1 - f) * delta) / Math.sin(delta);
  const B = Math.sin(f * delta) / Math.sin(delta);
  const x = A * Math.cos(p1) * Math.cos(l1) + B * Math.cos(p2) * Math.cos(l2);
  const y = A * Math.cos(p1) * Math.sin(l1) + B * Math.cos(p2) * Math.sin(l2);
  const z = A * Math.sin(p1) + B * Math.sin(p2);
  return [deg(Math.atan2(z, Math.hypot(x, y))), deg(Math.atan2(y, x))];
}

/** Metres from p to the polyline (segments short enough for a local flat projection). */
export function distanceToLine(p, line) {
  if (line.length === 1) {
    return distance(p, line[0]);
  }
  const k = Math.cos(rad(p[0]));
  let best = Infinity;
  for (let i = 1; i < line.length; i++) {
    const ax = (line[i - 1][1] - p[1]) * k;
    const ay = line[i - 1][0] - p[0];
    const bx = (line[i][1] - p[1]) * k;
    const by = line[i][0] - p[0];
    const dx = bx - ax;
    const dy = by - ay;
    const len = dx * dx + dy * dy;
    const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len));
    const cx = ax + t * dx;
    const cy = ay + t * dy;
    best = Math.min(best, Math.hypot(cx, cy));
  }
  return rad(best) * R;
}

/** Places the track stayed within `radius` metres for at least `minMillis`. */
export function stops(points, radius = 300, minMillis = 10 * 60 * 1000) {
  const found = [];
  let i = 0;
  while (i < points.length) {
    let j = i;
    while (j + 1 < points.length && distance(points[i].at, points[j + 1].at) <= radius) {
      j++;
    }
    if (points[j].ms - points[i].ms >= minMillis) {
      found.push({ at: points[i].at, from: points[i].ms, to: points[j].ms });
    }
    i = j + 1;
  }
  return found;
}
