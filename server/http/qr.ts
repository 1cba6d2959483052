import { create } from 'qrcode';
import { escapeXML } from 'ejs';

/**
 * A QR code as inline SVG, drawn on the server (the `qrcode` package lays out the modules; this draws
 * them): one path of unit squares on a white square with the four-module quiet zone scanners need.
 * It scales to any size without blurring and prints sharp. `label` names it for screen readers.
 */
export function qrSvg(text: string, label: string): string {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const size = modules.size + quiet * 2;
  let path = '';
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (modules.get(x, y)) path += `M${x + quiet} ${y + quiet}h1v1h-1z`;
    }
  }
  return (
    `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" aria-label="${escapeXML(label)}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}
