// A small layer over pdfkit for the State's documents: tagged PDF (structure tree, language, title),
// A4, Marianne, the République française bloc-marque as text, headings, paragraphs, label/value
// fields, lists, tables with header rows repeated on each page, and a footer with page numbers.
// Every document of socle (proof of deposit, decision letter, convention) is built with it:
//
//   const pdf = await PdfBuilder.create({ title: 'Accusé de dépôt', footer: 'SNEE-2021-035-000123', createdAt });
//   pdf.title('Accusé de dépôt');
//   pdf.paragraph(['Dossier ', { text: 'SNEE-2021-035-000123', bold: true }]);
//   const bytes: Buffer = await pdf.toBuffer();
//
// Accessibility: each block is a structure element (H1…H3, P, L/LI/Lbl/LBody, Table/THead/TBody/
// TFoot/TR/TH/TD with scopes) whose content is marked in reading order; rules, cell backgrounds,
// repeated table headers and footers are artifacts, skipped by screen readers.
import type PDFDocumentClass from 'pdfkit';
import { marianneTtf, type MarianneFace } from './fonts/index';

/**
 * The ministry that ran the 2021 call (its name at the time), shown under the bloc-marque by default.
 * A line feed sets where the name breaks in the header; the metadata get it on one line.
 */
export const DEFAULT_MINISTRY = 'Ministère de l’Éducation nationale,\nde la Jeunesse et des Sports';

export interface PdfBuilderOptions {
  /** Title of the document: metadata Title, shown by viewers instead of the file name. */
  readonly title: string;
  readonly subject?: string;
  readonly keywords?: readonly string[];
  /** Name of the ministry shown beside the bloc-marque and recorded as the author (`\n`: a line break). */
  readonly ministry?: string;
  /** Lines under the ministry's name (a direction, a service, an académie). */
  readonly issuer?: readonly string[];
  /** Left part of every page's footer (e.g. the document's name and reference). */
  readonly footer?: string;
  /** Creation instant written in the metadata; fixed by the caller so that output is reproducible. */
  readonly createdAt: Date | string;
}

/** A piece of text; bold or italic runs may be mixed within one paragraph. */
export type TextRun = string | { readonly text: string; readonly bold?: boolean; readonly italic?: boolean };

export interface ParagraphStyle {
  /** Font size in points (default 10). */
  readonly size?: number;
  readonly color?: string;
  readonly align?: 'left' | 'right' | 'center' | 'justify';
  /** Space after, in points (default 6). */
  readonly after?: number;
}

export interface Field {
  readonly label: string;
  readonly value: TextRun | readonly TextRun[];
}

export interface TableColumn {
  readonly header: string;
  /** Relative width: the columns share the width of the page in proportion. */
  readonly width: number;
  readonly align?: 'left' | 'right' | 'center';
}

export type TableCell = string | { readonly text: string; readonly bold?: boolean };

export interface TableSpec {
  /** Short title read before the table (a Caption element), also drawn above it. */
  readonly caption?: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly TableCell[])[];
  /** Rows drawn after the body in bold (totals), in a TFoot element. */
  readonly footerRows?: readonly (readonly TableCell[])[];
  /** Index of the column whose cells head their row (TH with scope Row); none by default. */
  readonly rowHeaderColumn?: number;
  /** Font size of the table (default 8.5). */
  readonly size?: number;
}

type StructElement = PDFKit.PDFStructureElement;
type Doc = PDFKit.PDFDocument;

export const COLORS = {
  text: '#161616',
  blueFrance: '#000091',
  mention: '#666666',
  border: '#929292',
  rule: '#dddddd',
  headerBackground: '#e3e3fd',
  footerBackground: '#f6f6f6',
} as const;

const BODY_SIZE = 10;
const LINE_GAP = 2;
const CELL_PADDING = 4;
const MARGINS = { top: 48, bottom: 64, left: 56, right: 56 } as const;

/** pdfkit and its font engine weigh ~25 MB: loaded on the first document, not by every process. */
let pdfkit: Promise<typeof PDFDocumentClass> | undefined;

export class PdfBuilder {
  /** A new document (loads pdfkit the first time). */
  static async create(options: PdfBuilderOptions): Promise<PdfBuilder> {
    const PDFDocument = await (pdfkit ??= import('pdfkit').then((m) => m.default));
    return new PdfBuilder(PDFDocument, options);
  }

  private readonly doc: Doc;
  private readonly root: StructElement;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private readonly footerText: string;
  private finished = false;

  private constructor(PDFDocument: typeof PDFDocumentClass, options: PdfBuilderOptions) {
    const ministry = options.ministry ?? DEFAULT_MINISTRY;
    const createdAt = typeof options.createdAt === 'string' ? new Date(options.createdAt) : options.createdAt;
    if (Number.isNaN(createdAt.getTime())) throw new RangeError(`createdAt invalide : ${String(options.createdAt)}`);
    this.footerText = options.footer ?? options.title;
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { ...MARGINS },
      font: marianneTtf('regular'),
      tagged: true,
      lang: 'fr-FR',
      displayTitle: true,
      bufferPages: true,
      pdfVersion: '1.7',
      info: {
        Title: options.title,
        Author: ministry.replace(/\s*\n\s*/g, ' '),
        ...(options.subject !== undefined ? { Subject: options.subject } : {}),
        ...(options.keywords !== undefined ? { Keywords: options.keywords.join(', ') } : {}),
        Creator: 'socle',
        Producer: 'socle (pdfkit)',
        CreationDate: createdAt,
        ModDate: createdAt,
      },
    });
    this.done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.doc.fillColor(COLORS.text);
    this.blocMarque(ministry, options.issuer ?? []);
  }

  /** The underlying pdfkit document, for a drawing this helper does not offer. */
  get pdfkit(): Doc {
    return this.doc;
  }

  /** The width available between the margins. */
  get contentWidth(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  /** The document's main title (H1), in blue France. */
  title(text: string): this {
    this.ensureSpace(80);
    this.block('H1', () => {
      this.font('bold', 20).fillColor(COLORS.blueFrance);
      this.doc.text(text, this.left, this.doc.y, { width: this.contentWidth, lineGap: LINE_GAP });
      this.doc.fillColor(COLORS.text);
    });
    this.doc.moveDown(0.4);
    return this;
  }

  /** A section heading (H2 or H3), kept with at least a few lines of what follows. */
  heading(text: string, level: 2 | 3 = 2): this {
    const size = level === 2 ? 13 : 11;
    this.doc.moveDown(level === 2 ? 0.8 : 0.5);
    this.ensureSpace(size * 1.4 + 4 * (BODY_SIZE + LINE_GAP));
    this.block(`H${level}`, () => {
      this.font('bold', size).fillColor(level === 2 ? COLORS.blueFrance : COLORS.text);
      this.doc.text(text, this.left, this.doc.y, { width: this.contentWidth, lineGap: LINE_GAP });
      this.doc.fillColor(COLORS.text);
    });
    this.doc.moveDown(0.3);
    return this;
  }

  /** A paragraph (P) of one or more runs; it flows onto the next page when needed. */
  paragraph(runs: TextRun | readonly TextRun[], style: ParagraphStyle = {}): this {
    const list = normalizeRuns(runs);
    const size = style.size ?? BODY_SIZE;
    this.ensureSpace(size + LINE_GAP);
    this.block('P', () => {
      this.doc.fillColor(style.color ?? COLORS.text);
      this.doc.x = this.left;
      list.forEach((run, i) => {
        this.font(faceOf(run), size);
        this.doc.text(run.text, {
          width: this.contentWidth,
          lineGap: LINE_GAP,
          align: style.align ?? 'left',
          continued: i < list.length - 1,
        });
      });
      this.doc.fillColor(COLORS.text);
    });
    this.doc.y += style.after ?? 6;
    return this;
  }

  /** A smaller paragraph in grey, for notes and legal mentions. */
  note(runs: TextRun | readonly TextRun[]): this {
    return this.paragraph(runs, { size: 8.5, color: COLORS.mention });
  }

  /**
   * Label/value pairs, one paragraph each (« Référence : SNEE-… »), the labels in a left column.
   * Each pair stays on one page.
   */
  fields(fields: readonly Field[], labelWidth = 150): this {
    const valueWidth = this.contentWidth - labelWidth;
    for (const field of fields) {
      const label = `${field.label}\u00a0:`;
      const value = normalizeRuns(field.value as TextRun | readonly TextRun[]);
      this.font('bold', BODY_SIZE);
      const labelHeight = this.doc.heightOfString(label, { width: labelWidth - 8, lineGap: LINE_GAP });
      const valueHeight = this.runsHeight(value, valueWidth, BODY_SIZE);
      const height = Math.max(labelHeight, valueHeight);
      this.ensureSpace(height);
      const top = this.doc.y;
      this.block('P', () => {
        this.font('bold', BODY_SIZE);
        this.doc.text(label, this.left, top, { width: labelWidth - 8, lineGap: LINE_GAP });
        this.doc.x = this.left + labelWidth;
        this.doc.y = top;
        value.forEach((run, i) => {
          this.font(faceOf(run), BODY_SIZE);
          this.doc.text(run.text, { width: valueWidth, lineGap: LINE_GAP, continued: i < value.length - 1 });
        });
      });
      this.doc.x = this.left;
      this.doc.y = top + height + 3;
    }
    this.doc.y += 3;
    return this;
  }

  /** A bulleted list (L > LI > Lbl + LBody). */
  list(items: readonly (TextRun | readonly TextRun[])[]): this {
    const indent = 14;
    const list = this.doc.struct('L');
    this.root.add(list);
    for (const item of items) {
      const runs = normalizeRuns(item);
      const height = this.runsHeight(runs, this.contentWidth - indent, BODY_SIZE);
      this.ensureSpace(Math.min(height, 3 * (BODY_SIZE + LINE_GAP)));
      const top = this.doc.y;
      const li = this.doc.struct('LI');
      list.add(li);
      this.child(li, 'Lbl', () => {
        this.font('regular', BODY_SIZE);
        this.doc.text('•', this.left + 3, top, { width: indent, lineBreak: false });
      });
      this.child(li, 'LBody', () => {
        this.doc.x = this.left + indent;
        this.doc.y = top;
        runs.forEach((run, i) => {
          this.font(faceOf(run), BODY_SIZE);
          this.doc.text(run.text, { width: this.contentWidth - indent, lineGap: LINE_GAP, continued: i < runs.length - 1 });
        });
      });
      li.end();
      this.doc.x = this.left;
      this.doc.y += 3;
    }
    list.end();
    this.doc.y += 3;
    return this;
  }

  /** A table; when it does not fit, it goes on over the next pages with its header row repeated. */
  table(spec: TableSpec): this {
    const size = spec.size ?? 8.5;
    const totalWeight = spec.columns.reduce((sum, c) => sum + c.width, 0);
    const widths = spec.columns.map((c) => (c.width / totalWeight) * this.contentWidth);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const headerCells = spec.columns.map((c) => ({ text: c.header, bold: true }));
    const headerHeight = this.rowHeight(headerCells, widths, size);

    const table = this.doc.struct('Table');
    this.root.add(table);
    if (spec.caption !== undefined) {
      const caption = spec.caption;
      this.ensureSpace(size * 1.6 + headerHeight + this.rowHeight(spec.rows[0] ?? [], widths, size));
      this.child(table, 'Caption', () => {
        this.font('bold', size + 1);
        this.doc.text(caption, this.left, this.doc.y, { width: this.contentWidth, lineGap: LINE_GAP });
      });
      this.doc.y += 3;
    } else {
      this.ensureSpace(headerHeight + this.rowHeight(spec.rows[0] ?? [], widths, size));
    }

    const drawRow = (
      group: StructElement | null,
      cells: readonly TableCell[],
      kind: 'header' | 'body' | 'footer',
    ): void => {
      const height = kind === 'header' ? headerHeight : this.rowHeight(cells, widths, size, kind === 'footer');
      if (kind !== 'header' && this.doc.y + height > this.bottom) {
        this.doc.addPage();
        drawRow(null, headerCells, 'header'); // repeated header: an artifact, read once only
      }
      const top = this.doc.y;
      const background = kind === 'header' ? COLORS.headerBackground : kind === 'footer' ? COLORS.footerBackground : null;
      this.artifact('Layout', () => {
        if (background) this.doc.rect(this.left, top, this.contentWidth, height).fill(background);
        this.doc
          .moveTo(this.left, top + height)
          .lineTo(this.left + this.contentWidth, top + height)
          .lineWidth(kind === 'header' ? 1 : 0.5)
          .strokeColor(kind === 'header' ? COLORS.blueFrance : COLORS.border)
          .stroke();
        this.doc.fillColor(COLORS.text);
      });
      const row = group ? this.doc.struct('TR') : null;
      if (group && row) group.add(row);
      cells.forEach((cell, i) => {
        const { text, bold } = normalizeCell(cell);
        const column = spec.columns[i];
        const draw = () => {
          this.font(bold || kind !== 'body' ? 'bold' : 'regular', size);
          this.doc.text(text, xs[i] + CELL_PADDING, top + CELL_PADDING, {
            width: widths[i] - 2 * CELL_PADDING,
            align: column?.align ?? 'left',
            lineGap: 1,
          });
        };
        if (!row) return this.artifact('Pagination', draw);
        const isHeader = kind === 'header' || i === spec.rowHeaderColumn;
        const scope = kind === 'header' ? 'Column' : 'Row';
        // pdfkit writes the scope as a Table attribute (/A << /O /Table /Scope /Column >>); its types omit it.
        const options = (isHeader ? { scope } : {}) as PDFKit.Mixins.StructureElementOptions;
        this.child(row, isHeader ? 'TH' : 'TD', draw, options);
      });
      row?.end();
      this.doc.x = this.left;
      this.doc.y = top + height;
    };

    const head = this.doc.struct('THead');
    table.add(head);
    drawRow(head, headerCells, 'header');
    head.end();
    const body = this.doc.struct('TBody');
    table.add(body);
    for (const cells of spec.rows) drawRow(body, cells, 'body');
    body.end();
    if (spec.footerRows && spec.footerRows.length > 0) {
      const foot = this.doc.struct('TFoot');
      table.add(foot);
      for (const cells of spec.footerRows) drawRow(foot, cells, 'footer');
      foot.end();
    }
    table.end();
    this.doc.y += 10;
    return this;
  }

  /** Vertical space, in points. */
  space(points: number): this {
    this.doc.y += points;
    return this;
  }

  /** Starts a new page. */
  pageBreak(): this {
    this.doc.addPage();
    return this;
  }

  /** Ends the document: page numbers on every page, then the bytes of the PDF. */
  async toBuffer(): Promise<Buffer> {
    if (this.finished) return this.done;
    this.finished = true;
    this.root.end();
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      this.drawFooter(i - start + 1, count);
    }
    this.doc.end();
    return this.done;
  }

  // ── inside ──────────────────────────────────────────────────────────────────────────────────

  private get left(): number {
    return this.doc.page.margins.left;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  private font(face: MarianneFace, size: number): Doc {
    return this.doc.font(marianneTtf(face)).fontSize(size);
  }

  /** Starts a new page unless `height` points fit below the cursor. */
  private ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** A structure element under the document's root whose content is what `draw` writes. */
  private block(type: string, draw: () => void): void {
    this.child(this.root, type, draw);
  }

  /**
   * A structure element of type `type` under `parent`, whose content is what `draw` writes (marked
   * content, in reading order; when it flows onto the next page, pdfkit carries the marking over).
   */
  private child(parent: StructElement, type: string, draw: () => void, options: PDFKit.Mixins.StructureElementOptions = {}): void {
    const element = this.doc.struct(type, options);
    parent.add(element);
    const content = this.doc.markStructureContent(type);
    draw();
    this.doc.endMarkedContent();
    element.add(content);
    element.end();
  }

  /** What `draw` writes is an artifact (decoration, repeated header, page number). */
  private artifact(type: 'Layout' | 'Pagination', draw: () => void): void {
    this.doc.markContent('Artifact', { type });
    this.doc.save();
    draw();
    this.doc.restore();
    this.doc.endMarkedContent();
  }

  private runsHeight(runs: readonly { text: string; bold?: boolean; italic?: boolean }[], width: number, size: number): number {
    // Measured as one string in the heavier face: a close upper bound for mixed runs.
    const bold = runs.some((r) => r.bold);
    this.font(bold ? 'bold' : 'regular', size);
    return this.doc.heightOfString(runs.map((r) => r.text).join(''), { width, lineGap: LINE_GAP });
  }

  private rowHeight(cells: readonly TableCell[], widths: readonly number[], size: number, allBold = false): number {
    let height = 0;
    cells.forEach((cell, i) => {
      const { text, bold } = normalizeCell(cell);
      this.font(bold || allBold ? 'bold' : 'regular', size);
      const h = this.doc.heightOfString(text || ' ', { width: widths[i] - 2 * CELL_PADDING, lineGap: 1 });
      height = Math.max(height, h);
    });
    return height + 2 * CELL_PADDING;
  }

  private blocMarque(ministry: string, issuer: readonly string[]): void {
    const top = this.doc.page.margins.top;
    const left = this.left;
    const rightWidth = this.contentWidth * 0.62;
    const rightX = left + this.contentWidth - rightWidth;
    this.block('P', () => {
      this.font('bold', 11.5);
      this.doc.text('RÉPUBLIQUE\nFRANÇAISE', left, top, { width: 140, lineGap: -1 });
    });
    this.doc.y += 5;
    this.block('P', () => {
      this.font('italic', 8);
      this.doc.text('Liberté\nÉgalité\nFraternité', left, this.doc.y, { width: 140, lineGap: -0.5 });
    });
    const leftBottom = this.doc.y;
    this.block('P', () => {
      this.font('bold', 10);
      this.doc.text(ministry, rightX, top, { width: rightWidth, align: 'right', lineGap: LINE_GAP });
      if (issuer.length > 0) {
        this.font('regular', 9);
        this.doc.text(issuer.join('\n'), rightX, this.doc.y + 2, { width: rightWidth, align: 'right', lineGap: 1 });
      }
    });
    const bottom = Math.max(leftBottom, this.doc.y) + 14;
    this.artifact('Layout', () => {
      this.doc.moveTo(left, bottom).lineTo(left + this.contentWidth, bottom).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    });
    this.doc.x = left;
    this.doc.y = bottom + 22;
  }

  private drawFooter(page: number, pages: number): void {
    const margins = this.doc.page.margins;
    const savedBottom = margins.bottom;
    margins.bottom = 0; // writing below the bottom margin must not start a new page
    const y = this.doc.page.height - savedBottom + 24;
    const width = this.contentWidth;
    this.artifact('Pagination', () => {
      this.doc.moveTo(this.left, y - 8).lineTo(this.left + width, y - 8).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
      this.font('regular', 8).fillColor(COLORS.mention);
      this.doc.text(this.footerText, this.left, y, { width: width * 0.75, lineBreak: false, ellipsis: true });
      this.doc.text(`Page ${page} sur ${pages}`, this.left + width * 0.75, y, { width: width * 0.25, align: 'right', lineBreak: false });
    });
    margins.bottom = savedBottom;
  }
}

function normalizeRuns(runs: TextRun | readonly TextRun[]): { text: string; bold?: boolean; italic?: boolean }[] {
  const list = (Array.isArray(runs) ? runs : [runs]) as readonly TextRun[];
  return list.map((run) => (typeof run === 'string' ? { text: run } : run)).filter((run) => run.text.length > 0);
}

function normalizeCell(cell: TableCell | undefined): { text: string; bold: boolean } {
  if (cell === undefined) return { text: '', bold: false };
  return typeof cell === 'string' ? { text: cell, bold: false } : { text: cell.text, bold: cell.bold ?? false };
}

function faceOf(run: { bold?: boolean; italic?: boolean }): MarianneFace {
  return run.bold ? 'bold' : run.italic ? 'italic' : 'regular';
}
