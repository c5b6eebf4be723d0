// Importing an existing alignment (InterText, TMX, TSV, JSONL): the beads are taken as
// they are, scored, and stored as a reviewable document pair; no aligner runs.
import type { Db } from "./client";
import { createBitextIn } from "./bitexts";
import type { ImportRequest } from "./import";
import { ImportConflictError } from "./import";
import type { CorpusPair } from "../formats/model";
import { storedConfidence } from "./confidence";
import { lexicalScorer } from "../scoring/lexical";

type Lang = "en" | "zh";

/** Sentences of one language in document order, and where each bead's sentences sit. */
function documentOrder(pairs: CorpusPair[], lang: Lang) {
  const items = pairs.flatMap((p, pairIndex) => p[lang].map((s, k) => ({ s, pairIndex, k })));
  // Files that carry sentence positions (InterText) may list a bead's sentences out of
  // document order; put the document back in order.
  const positioned = items.every((i) => typeof i.s.index === "number");
  if (positioned) items.sort((a, b) => a.s.index! - b.s.index!);
  return items;
}

function documentText(items: ReturnType<typeof documentOrder>, lang: Lang) {
  // One sentence per line; a blank line where the paragraph changes.
  let out = "";
  let para: number | undefined;
  for (const { s } of items) {
    if (out) out += s.paragraph !== undefined && para !== undefined && s.paragraph !== para ? "\n\n" : "\n";
    out += s.text.replace(/\s*\n\s*/g, lang === "zh" ? "" : " ");
    para = s.paragraph;
  }
  return out;
}

export async function importAlignedCorpus(db: Db, req: ImportRequest, pairs: CorpusPair[], sourceName: string, actorId: number | null = null) {
  const kept = pairs.filter((p) => p.en.length + p.zh.length > 0);
  if (kept.length === 0) throw new ImportConflictError(`${sourceName} holds no aligned sentences`);
  const en = documentOrder(kept, "en");
  const zh = documentOrder(kept, "zh");

  // Score every two-sided bead with one scorer prepared on the whole document pair.
  const scorer = lexicalScorer.prepare(
    zh.map((i) => i.s.text),
    en.map((i) => i.s.text),
  );
  const docIndex = { en: new Map<string, number>(), zh: new Map<string, number>() };
  en.forEach((i, n) => docIndex.en.set(`${i.pairIndex}:${i.k}`, n));
  zh.forEach((i, n) => docIndex.zh.set(`${i.pairIndex}:${i.k}`, n));
  const beadSentences = kept.map((p, pi) => ({
    en: p.en.map((_, k) => docIndex.en.get(`${pi}:${k}`)!),
    zh: p.zh.map((_, k) => docIndex.zh.get(`${pi}:${k}`)!),
  }));
  const scores = beadSentences.map((b, pi) =>
    b.en.length && b.zh.length ? scorer.score(b.zh, b.en) : { score: kept[pi].score ?? null, parts: null },
  );

  return db.$transaction(
    async (tx) => {
      let projectId = req.projectId;
      if (projectId === undefined) {
        if (await tx.project.findUnique({ where: { name: req.projectName! } })) {
          throw new ImportConflictError(`A project named "${req.projectName}" exists already: add the document pair to it instead`);
        }
        projectId = (await tx.project.create({ data: { name: req.projectName! } })).id;
      } else if (!(await tx.project.findUnique({ where: { id: projectId } }))) {
        throw new ImportConflictError(`Project ${projectId} does not exist`);
      }
      const bitext = await createBitextIn(
        tx,
        { projectId, title: req.title, mode: req.mode, en: { text: documentText(en, "en"), sourceName }, zh: { text: documentText(zh, "zh"), sourceName } },
        actorId,
      );
      const docs = await tx.document.findMany({ where: { bitextId: bitext.id } });
      const docId = (lang: Lang) => docs.find((d) => d.lang === lang)!.id;

      const created = await tx.alignmentPair.createManyAndReturn({
        data: kept.map((p, position) => ({
          bitextId: bitext.id,
          position,
          score: scores[position].score,
          scoreDetails: (scores[position].parts ?? undefined) as object | undefined,
          // the file's confidence when it carries one (a Parallax export), else none
          confidence: storedConfidence(p.confidence),
          status: p.status ?? "automatic",
          origin: "manual",
          crossing: false,
        })),
        select: { id: true, position: true },
      });
      const pairId = new Map(created.map((c) => [c.position, c.id]));
      for (const [lang, items] of [["en", en], ["zh", zh]] as const) {
        await tx.sentence.createMany({
          data: items.map((i, position) => ({
            documentId: docId(lang),
            position,
            paragraph: i.s.paragraph ?? 0,
            text: i.s.original ?? i.s.text,
            pairId: pairId.get(i.pairIndex)!,
          })),
        });
      }
      // A corrected sentence arrives with its original: keep both, as an editor's correction would.
      const corrected = [...en.map((i) => ["en", i] as const), ...zh.map((i) => ["zh", i] as const)].filter(
        ([, i]) => i.s.original !== undefined && i.s.original !== i.s.text,
      );
      if (corrected.length) {
        const rows = await tx.sentence.findMany({ where: { documentId: { in: [docId("en"), docId("zh")] } }, select: { id: true, documentId: true, position: true } });
        const idAt = new Map(rows.map((r) => [`${r.documentId}:${r.position}`, r.id]));
        const positionIn = { en: new Map(en.map((i, n) => [i, n])), zh: new Map(zh.map((i, n) => [i, n])) };
        await tx.correction.createMany({
          data: corrected.map(([lang, i]) => ({
            sentenceId: idAt.get(`${docId(lang)}:${positionIn[lang].get(i)}`)!,
            originalText: i.s.original!,
            correctedText: i.s.text,
            authorId: actorId,
          })),
        });
      }
      // Flags carried by the file (TMX, JSONL) come back as they were.
      const flags = kept.flatMap((p, position) =>
        (p.flags ?? []).map((f) => ({
          pairId: pairId.get(position)!,
          category: f.category,
          severity: f.severity,
          note: f.note,
          source: f.source ?? "editor",
          resolved: f.resolved ?? false,
          authorId: actorId,
        })),
      );
      if (flags.length) await tx.flag.createMany({ data: flags });
      await tx.bitext.update({
        where: { id: bitext.id },
        data: { status: "ready", alignedMode: "parallel", modeReason: `imported from ${sourceName}` },
      });
      return { projectId, bitextId: bitext.id, pairs: kept.length };
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
}
