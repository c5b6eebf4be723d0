/** Chinese word segmentation (jieba) with character offsets. */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";

let jieba: Jieba | null = null;

export function getJieba(): Jieba {
  if (!jieba) jieba = Jieba.withDict(dict);
  return jieba;
}

export interface ZhWord {
  text: string;
  start: number;
  end: number;
}

/** Function words with no useful translation evidence. */
export const ZH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    "的 地 得 之 了 着 过 吗 呢 吧 啊 呀 么 嘛 哦 哈 是 在 和 与 及 并 而 或 就 也 都 还 又 才 却 则 把 被 给 对 从 向 " +
    "于 以 其 这 那 这个 那个 这些 那些 这样 那样 个 些 所 等 但 但是 而且 因为 所以 如果 虽然 一 一个 一些 有 没 没有 不 " +
    "我 你 他 她 它 我们 你们 他们 她们 它们 自己 咱们 您 该 此 之后 之前 已 已经 很 更 最 太 将 要 会 能 可以 可 让 使 " +
    "上 下 里 中 来 去 到 得到 说道 吗 嗯 呃 么 啦 罢了 而已 似的 一样"
  ).split(/\s+/),
);

const CONTENT_RE = /[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]/;

/** Segment a Chinese sentence; returns content words only (punctuation/space dropped), with offsets. */
export function segmentChinese(text: string): ZhWord[] {
  const parts = getJieba().cut(text, false);
  const out: ZhWord[] = [];
  let pos = 0;
  for (const p of parts) {
    let start = text.indexOf(p, pos);
    if (start < 0) start = pos;
    const end = start + p.length;
    pos = end;
    if (CONTENT_RE.test(p)) out.push({ text: p, start, end });
  }
  return out;
}

/** Number of content characters (Han, letters, digits) — the Chinese length unit. */
export function zhLength(text: string): number {
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) n += 1;
    else if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) n += 0.35;
  }
  return n;
}

/** Number of English content characters (letters, digits). */
export function enLength(text: string): number {
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0) n++;
  }
  return n;
}
