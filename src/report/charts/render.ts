import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Compile a vega-lite spec and render it to an SVG string server-side (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vg = compile(spec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
