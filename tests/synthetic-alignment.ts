// Synthetic aligned corpora of any size (no corpora needed): sentence pairs with distinct
// texts, for imports too large to keep as fixtures (the abuse test's 111,111-unit TMX).
import type { CorpusPair } from "../lib/formats/model";

const EN = ["The river rose after the rain", "A new bridge opened in the city", "Farmers sold rice at the market", "The school reopened in spring"];
const ZH = ["雨后河水上涨", "城里新建了一座桥", "农民在市场上卖米", "学校在春天重新开学"];

export const syntheticSentence = (i: number) => ({ en: `${EN[i % EN.length]}, report ${i}.`, zh: `${ZH[i % ZH.length]}，第${i}号报告。` });

/** n one-to-one pairs. */
export function syntheticPairs(n: number): CorpusPair[] {
  return Array.from({ length: n }, (_, i) => {
    const s = syntheticSentence(i);
    return { position: i, en: [{ text: s.en }], zh: [{ text: s.zh }] };
  });
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A TMX of n translation units (111,111 units make about 19 MB). */
export function syntheticTmx(n: number): string {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="synthetic" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" o-tmf="none"/>\n<body>\n'];
  for (let i = 0; i < n; i++) {
    const s = syntheticSentence(i);
    parts.push(`<tu><tuv xml:lang="en"><seg>${escapeXml(s.en)}</seg></tuv><tuv xml:lang="zh-CN"><seg>${escapeXml(s.zh)}</seg></tuv></tu>\n`);
  }
  parts.push("</body>\n</tmx>\n");
  return parts.join("");
}
