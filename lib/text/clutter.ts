/**
 * Web-copy clutter detection. Segments are only *marked* (excluded + reason), never
 * dropped, so the review UI can show and restore them.
 *
 * Policy: be conservative. Every rule applies only to a segment that is a whole
 * line by itself (headline, widget, breadcrumb) except the byline and copyright
 * rules, and none fires on text that ends like a sentence.
 * Short photo captions such as “吉林省副省长朱天舒致辞” are real content that a
 * translation may render, so there is deliberately no generic caption rule: a
 * caption is only excluded when it repeats an earlier line verbatim.
 */
import type { Lang, Segment } from "./segment";

export const CLUTTER_REASONS = {
  repeated: "repeated line",
  breadcrumb: "breadcrumb",
  source: "source/date line",
  widget: "share/tag widget",
  byline: "byline",
  boilerplate: "copyright boilerplate",
} as const;

// Ends in a letter, digit or Han character: a headline or caption, not prose.
const TITLE_LIKE_RE = /[\p{L}\p{N}]$/u;
const SENTENCE_END_RE = /[。！？!?.…;；]["'”’」』）)\]]*$/;

// "吉林 > 本网专稿", "Home > News > China", "首页 » 新闻"
const BREADCRUMB_RE = /^[^>»›]{1,24}(?:\s*[>»›]\s*[^>»›]{1,24}){1,6}$/;

// Metadata labels followed by a colon: 来源:中国日报网, Source: Xinhua, 责任编辑：王某.
const META_LABEL_RE =
  /^(?:来源|稿源|出处|作者|编辑|责任编辑|责编|编审|审核|校对|记者|通讯员|摄影|图片来源|图片|供图|发布时间|发布日期|发表时间|更新时间|时间|日期|原标题|source|sources|published|posted|updated|last updated|author|authors|editor|edited by|reporter|photo|photos|image|credit|credits|date|by)\s*[:：]/i;

// A line that is only a date and/or time: 2018-08-01 13:49:58, 2018年8月1日, August 1, 2018 10:00 AM.
const DATE_LINE_RE = new RegExp(
  "^(?:" +
    [
      "\\d{4}\\s*[-/.年]\\s*\\d{1,2}\\s*[-/.月]\\s*\\d{1,2}\\s*日?",
      "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}",
      "\\d{1,2}\\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?,?\\s+\\d{4}",
    ].join("|") +
    ")(?:\\s*[,|]?\\s*\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s*[ap]\\.?m\\.?)?)?(?:\\s*(?:UTC|GMT|CST|BJT)[+-]?\\d*)?$",
  "i",
);

// Share / tag / recommendation widgets: the whole line is one of these words.
const WIDGET_WORDS = new Set([
  "分享", "分享到", "分享至", "标签", "关键词", "推荐", "推荐阅读", "相关新闻", "相关阅读", "相关推荐",
  "相关文章", "热门推荐", "延伸阅读", "打印", "关闭", "关闭窗口", "收藏", "点赞", "评论", "返回顶部",
  "返回首页", "扫一扫", "微信", "微博", "qq空间", "字号", "纠错", "举报",
  "share", "share this", "share this article", "share on", "tags", "tag", "keywords", "recommended",
  "recommend", "related", "related articles", "related stories", "related news", "read more",
  "more", "print", "email", "e-mail", "comments", "comment", "advertisement", "ad", "back to top",
  "follow us", "tweet", "facebook", "twitter", "linkedin", "whatsapp",
]);
// Widget label + short payload: "标签: 红旗 长春", "Tags: China, cars", "上一篇：xxx".
const WIDGET_PREFIX_RE = /^(?:标签|关键词|关键字|上一篇|下一篇|相关新闻|相关阅读|分享到|tags?|keywords|previous|next|related)\s*[:：]/i;

// Whole-segment bracketed byline: (中国日报吉林记者站), （记者 王某 摄）, (Xinhua)
const BYLINE_RE =
  /^[(（【\[][^()（）【】\[\]]{0,30}(?:记者|通讯员|编辑|来源|供图|摄|报道|xinhua|reuters|ap|afp|china daily|reporter|correspondent)[^()（）【】\[\]]{0,20}[)）】\]]$/i;

const BOILERPLATE_RE = /^(?:版权所有|copyright\b|©|\(c\)|all rights reserved|未经授权|本网站所有|免责声明)/i;

/** The trimmed text of the line containing the segment. */
function lineOf(text: string, s: Segment): string {
  const a = text.lastIndexOf("\n", s.start - 1) + 1;
  let b = text.indexOf("\n", s.end);
  if (b === -1) b = text.length;
  return text.slice(a, b).trim();
}

function isWholeLine(text: string, s: Segment): boolean {
  let i = s.start - 1;
  while (i >= 0 && (text[i] === " " || text[i] === "\t" || text[i] === "\u00a0" || text[i] === "\u3000" || text[i] === "\r")) i--;
  if (i >= 0 && text[i] !== "\n") return false;
  let j = s.end;
  while (j < text.length && (text[j] === " " || text[j] === "\t" || text[j] === "\u00a0" || text[j] === "\u3000" || text[j] === "\r")) j++;
  return j >= text.length || text[j] === "\n";
}

/** Canonical form for repeat detection: NFC, no whitespace differences, case-folded. */
function repeatKey(t: string): string {
  return t.normalize("NFC").replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, " ").trim().toLowerCase();
}

/** Why this segment is clutter, or undefined. Exported for tests and the UI. */
export function clutterReason(seg: Segment, wholeLine: boolean, _lang: Lang): string | undefined {
  const t = seg.text.replace(/[\s\u00a0\u3000]+/g, " ").trim();
  if (BYLINE_RE.test(t)) return CLUTTER_REASONS.byline;
  if (!wholeLine) return undefined;
  const bare = t.replace(/\s*[:：]$/, "").toLowerCase();
  if (WIDGET_WORDS.has(bare)) return CLUTTER_REASONS.widget;
  if (t.length <= 80 && WIDGET_PREFIX_RE.test(t)) return CLUTTER_REASONS.widget;
  if (t.length <= 80 && META_LABEL_RE.test(t) && !SENTENCE_END_RE.test(t.replace(/\.$/, ""))) {
    return CLUTTER_REASONS.source;
  }
  if (DATE_LINE_RE.test(t)) return CLUTTER_REASONS.source;
  if (t.length <= 80 && !SENTENCE_END_RE.test(t) && BREADCRUMB_RE.test(t) && /[>»›]/.test(t)) {
    // every crumb must contain a letter or Han char ("3 > 2" is not navigation)
    const parts = t.split(/[>»›]/);
    if (parts.every((p) => /[\p{L}]/u.test(p))) return CLUTTER_REASONS.breadcrumb;
  }
  return undefined;
}

/**
 * Mark clutter in place (and return the same array). Repeats: the FIRST
 * occurrence of a line is kept (it is the real headline); later verbatim copies
 * are excluded only when title-like: a whole line that does not end in any
 * punctuation (“红旗小镇正式启动 中国一汽…”). Repeated sentences are never
 * excluded: the Bible repeats "And the LORD spake unto Moses, saying," hundreds
 * of times, novels repeat “是的。”, and both must be aligned.
 */
export function markClutter(text: string, segs: Segment[], lang: Lang): Segment[] {
  const seen = new Set<string>();
  for (const s of segs) {
    const whole = isWholeLine(text, s);
    let reason = clutterReason(s, whole, lang);
    if (!reason) {
      // "Copyright © 2018 X. All rights reserved." splits into two segments: judge the line.
      const line = whole ? s.text : lineOf(text, s);
      if (line.length <= 160 && BOILERPLATE_RE.test(line)) reason = CLUTTER_REASONS.boilerplate;
    }
    if (reason) {
      s.excluded = true;
      s.excludedReason = reason;
      continue;
    }
    if (!whole) continue;
    const key = repeatKey(s.text);
    if (seen.has(key)) {
      if (TITLE_LIKE_RE.test(s.text) && key.length <= 120) {
        s.excluded = true;
        s.excludedReason = CLUTTER_REASONS.repeated;
      }
    } else {
      seen.add(key);
    }
  }
  return segs;
}
