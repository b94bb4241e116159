/**
 * Just enough XML for EC2's query-protocol responses: nested elements, lists as `<item>` members, text
 * escaped. `undefined` members are left out.
 */
export type XmlValue = string | number | boolean | undefined | XmlObject | readonly XmlValue[];
export interface XmlObject {
  readonly [name: string]: XmlValue;
}

export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === "'" ? '&apos;' : '&quot;'));
}

function renderValue(v: XmlValue, out: string[]): void {
  if (v === undefined) return;
  if (Array.isArray(v)) {
    for (const item of v as readonly XmlValue[]) {
      out.push('<item>');
      renderValue(item, out);
      out.push('</item>');
    }
  } else if (typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      if (child === undefined) continue;
      out.push(`<${k}>`);
      renderValue(child, out);
      out.push(`</${k}>`);
    }
  } else {
    out.push(escapeXml(String(v)));
  }
}

export function xmlResponse(action: string, requestId: string, body: XmlObject): string {
  const out = [`<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}"><requestId>${requestId}</requestId>`];
  renderValue(body, out);
  out.push(`</${action}Response>`);
  return out.join('');
}

export function xmlError(code: string, message: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
  );
}
