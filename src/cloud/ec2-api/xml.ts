/**
 * Just enough XML for EC2's query-protocol responses: nested elements, lists as `<item>` members, text
 * escaped. `undefined` members are left out.
 */
export type XmlValue = string | number | boolean | undefined | XmlObject | readonly XmlValue[];
export interface XmlObject {
  readonly [name: string]: XmlValue;
}

export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

const SPECIAL = /[<>&'"]/;

export function escapeXml(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[<>&'"]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === "'" ? '&apos;' : '&quot;'));
}

function render(v: XmlValue): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return escapeXml(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  let out = '';
  if (Array.isArray(v)) {
    for (const item of v as readonly XmlValue[]) out += '<item>' + render(item) + '</item>';
    return out;
  }
  const o = v as XmlObject;
  for (const k in o) {
    const child = o[k];
    if (child !== undefined) out += '<' + k + '>' + render(child) + '</' + k + '>';
  }
  return out;
}

export function xmlResponse(action: string, requestId: string, body: XmlObject): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}"><requestId>${requestId}</requestId>${render(body)}</${action}Response>`;
}

export function xmlError(code: string, message: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
  );
}
