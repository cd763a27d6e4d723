/** EC2's query-protocol error document, as the fake EC2 endpoint and the fault proxy answer it. */

/** Escapes the five XML special characters. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The error document of `code` with `message`, as EC2 answers a failed call. */
export function ec2ErrorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>r</RequestID></Response>`;
}
