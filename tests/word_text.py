"""`reportlint text` against LibreOffice's own reading of the same Word files.

For each .docx below, the text reportlint's checks read (`reportlint text
--plain`) is compared, paragraph by paragraph, with LibreOffice's text export
(`soffice --headless --convert-to txt`). Any difference fails, naming the
file and paragraph. The files:

- every number format of ECMA-376 (§17.18.59), each at 1, 2, 3, 10, 11, 20,
  21, 99, 100, 101 and 1000 (formats.docx, written here as raw XML);
- numbering as Word writes it: instances of one definition continuing each
  other, Word's 重新开始于 (startOverride), a whole level overridden,
  lvlRestart, isLgl, numbering defined in a style, empty paragraphs written
  <w:p/> (numbering.docx, raw XML);
- a report made with python-docx (its list styles, a nested table);
- reports LibreOffice itself made: fixtures/docx/libreoffice/*.docx, and a
  report with LibreOffice's own Chinese numbering, restarts and formats
  (written as flat ODF here and saved as .docx by LibreOffice);
- the same with tracked changes, compared with LibreOffice's reading of the
  file with every change accepted (the changes accepted here, in the XML);
- tables, one nested in a cell between that cell's paragraphs, a symbol
  (w:sym), an emoji stored as w16se:symEx with a fallback, and a deleted
  paragraph mark (tables.docx, raw XML; compared as a whole text, since
  LibreOffice writes a cell's paragraphs on lines of their own).

Normalisations (documented, nothing else): spaces, tabs and no-break spaces
are removed (LibreOffice indents list paragraphs and puts the label's tab or
space after the number; reportlint writes the label against the text); the
byte-order mark is dropped; LibreOffice writes a footnote's number where it
is referenced, which is removed; LibreOffice's export leaves out the notes,
which reportlint reads after the body, so only the body is compared.

Where LibreOffice does not render a format as Word does, the values that may
differ are listed in LIBREOFFICE_DIFFERS with the reason; reportlint's own
values for them are tested in src/document/word/number_format.rs.

    python3 tests/word_text.py REPORTLINT
"""

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPORTLINT = str(Path(sys.argv[1]).resolve())
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
VALUES = [1, 2, 3, 10, 11, 20, 21, 99, 100, 101, 1000]
FORMATS = """decimal upperRoman lowerRoman upperLetter lowerLetter ordinal cardinalText
ordinalText hex chicago ideographDigital japaneseCounting aiueo iroha decimalFullWidth
decimalHalfWidth japaneseLegal japaneseDigitalTenThousand decimalEnclosedCircle
decimalFullWidth2 aiueoFullWidth irohaFullWidth decimalZero ganada chosung
decimalEnclosedFullstop decimalEnclosedParen decimalEnclosedCircleChinese
ideographEnclosedCircle ideographTraditional ideographZodiac ideographZodiacTraditional
taiwaneseCounting ideographLegalTraditional taiwaneseCountingThousand taiwaneseDigital
chineseCounting chineseLegalSimplified chineseCountingThousand koreanDigital
koreanCounting koreanLegal koreanDigital2 vietnameseCounting russianLower russianUpper
numberInDash hebrew1 hebrew2 arabicAlpha arabicAbjad hindiVowels hindiConsonants
hindiNumbers hindiCounting thaiLetters thaiNumbers thaiCounting bahtText dollarText""".split()

ALL = set(VALUES)
# format → (values LibreOffice shows otherwise, why). Everything else must match.
LIBREOFFICE_DIFFERS = {
    "decimalFullWidth": (ALL, "LibreOffice shows half-width digits; Word １２"),
    "decimalFullWidth2": (ALL, "LibreOffice shows half-width digits; Word １２"),
    "decimalEnclosedFullstop": ({1, 2, 3, 10, 11, 20}, "LibreOffice has no ⒈ sequence (plain digits)"),
    "decimalEnclosedParen": ({1, 2, 3, 10, 11, 20}, "LibreOffice has no ⑴ sequence (plain digits)"),
    "decimalEnclosedCircle": ({21}, "LibreOffice goes on with ㉑; Word stops at ⑳"),
    "decimalEnclosedCircleChinese": ({21}, "LibreOffice goes on with ㉑; Word stops at ⑳"),
    "ideographEnclosedCircle": ({1, 2, 3, 10, 11, 20, 21}, "LibreOffice shows ①; Word ㊀"),
    "ideographDigital": ({10, 11, 20, 21, 99, 100, 101, 1000}, "LibreOffice counts (十); Word writes digits (一〇)"),
    "taiwaneseDigital": (ALL, "LibreOffice shows decimal digits; Word 一〇"),
    "japaneseDigitalTenThousand": (ALL, "LibreOffice shows decimal digits; Word 一〇"),
    "japaneseLegal": ({10, 11, 20, 21, 99, 100, 101, 1000}, "LibreOffice writes digits (壱零); Word counts (壱拾)"),
    "ideographZodiacTraditional": ({1, 2, 3, 10, 11, 20, 21}, "LibreOffice shows decimal digits; Word 甲子"),
    "hex": ({10, 11, 20, 21, 99, 100, 101, 1000}, "LibreOffice shows decimal; Word A, 14, 3E8"),
    "vietnameseCounting": ({1, 2, 3, 10, 11, 20, 21, 99}, "LibreOffice shows decimal digits; Word một, hai"),
    "numberInDash": (ALL, "LibreOffice shows the bare number; Word - 1 -"),
    "hindiNumbers": (ALL, "LibreOffice shows decimal digits; Word १२"),
    "thaiNumbers": (ALL, "LibreOffice shows decimal digits; Word ๑๒"),
    "hindiConsonants": (ALL, "LibreOffice shows decimal digits; Word क, ख"),
    "hindiVowels": (ALL, "LibreOffice shows the consonants; Word अ, आ"),
    "thaiLetters": ({10, 11, 20, 21, 99, 100, 101, 1000}, "LibreOffice's Thai alphabet differs from Word's from the tenth letter"),
    "russianLower": ({99, 100, 101, 1000}, "past the alphabet LibreOffice counts like spreadsheet columns (вм); Word repeats the letter"),
    "russianUpper": ({99, 100, 101, 1000}, "past the alphabet LibreOffice counts like spreadsheet columns; Word repeats the letter"),
    "hebrew2": ({99, 100, 101, 1000}, "past the alphabet LibreOffice counts like spreadsheet columns; Word repeats the letter"),
    "arabicAlpha": ({99, 100, 101, 1000}, "past the alphabet LibreOffice counts like spreadsheet columns; Word repeats the letter"),
    "arabicAbjad": ({99, 100, 101, 1000}, "LibreOffice writes abjad numerals past 28; Word shows the number"),
    "hebrew1": ({1000}, "LibreOffice writes אלף; Word shows the number"),
}

failures = []


def xml_package(path, document, numbering="", styles=""):
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
          '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    drels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
             '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/_rels/document.xml.rels", drels)
        z.writestr("word/document.xml", f'{head}<w:document xmlns:w="{W}"><w:body>{document}</w:body></w:document>')
        z.writestr("word/numbering.xml", f'{head}<w:numbering xmlns:w="{W}">{numbering}</w:numbering>')
        z.writestr("word/styles.xml", f'{head}<w:styles xmlns:w="{W}">{styles}</w:styles>')


def para(text, num=None, ilvl=0, style=None):
    ppr = ""
    if style or num:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
        ppr += "</w:pPr>"
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def lvl(ilvl, fmt, text, extra="", suff="nothing"):
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:suff w:val="{suff}"/>{extra}</w:lvl>')


def formats_docx(path):
    abstracts, nums, paras = [], [], []
    num_id = 1
    for i, f in enumerate(FORMATS):
        abstracts.append(f'<w:abstractNum w:abstractNumId="{i}">{lvl(0, f, "%1")}</w:abstractNum>')
        paras.append(para(f))
        for v in VALUES:
            nums.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{i}"/>'
                        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{v}"/></w:lvlOverride></w:num>')
            paras.append(para(f"|{v}", num_id))
            num_id += 1
    xml_package(path, "".join(paras), "".join(abstracts) + "".join(nums))


def numbering_docx(path):
    outline = (lvl(0, "taiwaneseCountingThousand", "%1、") + lvl(1, "chineseCounting", "（%2）")
               + lvl(2, "decimal", "%3.") + lvl(3, "decimal", "（%4）"))
    never = '<w:lvlRestart w:val="0"/>'
    abstracts = (
        f'<w:abstractNum w:abstractNumId="0">{outline}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="1">{lvl(0, "decimal", "第%1条")}{lvl(1, "decimal", "%2.", never)}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="2">{lvl(0, "upperRoman", "%1.")}{lvl(1, "decimal", "%1.%2", "<w:isLgl/>")}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="3"><w:styleLink w:val="ReportList"/>{outline}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="4"><w:numStyleLink w:val="ReportList"/></w:abstractNum>'
    )
    nums = (
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        f'<w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="3">{lvl(3, "decimalEnclosedCircle", "%4")}</w:lvlOverride></w:num>'
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>'
        '<w:num w:numId="8"><w:abstractNumId w:val="4"/></w:num>'
        '<w:num w:numId="9"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>'
    )
    styles = ('<w:style w:type="numbering" w:styleId="ReportList"><w:name w:val="Report List"/>'
              '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>')
    body = [
        para("关于对某局党组开展常规巡察情况的报告"),
        para("基本情况", 1, 0), "<w:p/>", para("巡察期间……"),
        para("发现的主要问题", 1, 0),
        para("贯彻落实方面", 1, 1), para("问题甲", 1, 2), para("问题乙", 1, 2),
        "<w:p></w:p>",
        para("问题丙（另一实例，接着编号）", 2, 2),
        para("问题丁（重新开始于 1）", 3, 2), para("问题戊", 3, 2),
        para("腐败问题方面", 1, 1), para("问题己", 1, 2), para("细项", 4, 3), para("细项", 4, 3),
        para("条文", 5, 0), para("款", 5, 1), para("条文", 5, 0), para("款（不重新开始）", 5, 1),
        para("章", 6, 0), para("章", 6, 0), para("节", 6, 1),
        para("样式中的编号", 8, 0), para("样式中的编号", 8, 1),
        para("从三开始", 9, 0), para("接着", 9, 0),
        "<w:p/>", "<w:p/>", para("完"),
    ]
    xml_package(path, "".join(body), abstracts + nums, styles)


def tracked(path, out):
    """`path` with every tracked change accepted, done here in the XML: text
    deleted goes, text inserted stays, a deleted paragraph mark joins its
    paragraph with the next."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    # A deleted paragraph mark: the paragraph runs on into the next, which
    # keeps its own properties.
    not_end = r"(?:(?!</w:p>).)*?"
    mark = rf"<w:pPr>{not_end}<w:rPr>{not_end}<w:del\b[^>]*/>{not_end}</w:pPr>"
    joined = rf"(<w:p\b[^>]*>){mark}({not_end})</w:p>\s*<w:p\b[^>]*>(<w:pPr>{not_end}</w:pPr>)?"
    while re.search(joined, xml, flags=re.S):
        xml = re.sub(joined, lambda m: m.group(1) + (m.group(3) or "") + m.group(2), xml, count=1, flags=re.S)
    xml = re.sub(r"<w:del\b[^>]*/>", "", xml)
    xml = re.sub(r"<w:(del|moveFrom)\b[^>]*>.*?</w:\1>", "", xml, flags=re.S)
    xml = re.sub(r"</?w:(ins|moveTo)\b[^>]*>", "", xml)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <text:list-style style:name="巡察报告编号">
  <text:list-level-style-number text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>
  <text:list-level-style-number text:level="2" style:num-format="一, 二, 三, ..." style:num-prefix="（" style:num-suffix="）"/>
  <text:list-level-style-number text:level="3" style:num-format="1" style:num-suffix="."/>
  <text:list-level-style-number text:level="4" style:num-format="1" style:num-prefix="（" style:num-suffix="）"/>
 </text:list-style>
 <text:list-style style:name="大写">
  <text:list-level-style-number text:level="1" style:num-format="壹, 贰, 叁, ..." style:num-suffix="、"/>
 </text:list-style>
 <text:list-style style:name="圈码">
  <text:list-level-style-number text:level="1" style:num-format="①, ②, ③, ..."/>
 </text:list-style>
 <text:list-style style:name="天干">
  <text:list-level-style-number text:level="1" style:num-format="甲, 乙, 丙, ..." style:num-suffix="、"/>
 </text:list-style>
</office:styles>
<office:body><office:text>
 <text:p>关于对中共某县民政局党组开展常规巡察情况的报告</text:p>
 <text:list text:style-name="巡察报告编号" xml:id="outline">
  <text:list-item><text:p>基本情况</text:p></text:list-item>
  <text:list-item><text:p>发现的主要问题</text:p>
   <text:list><text:list-item><text:p>贯彻落实党的路线方针政策方面</text:p>
     <text:list><text:list-item><text:p>落实社会救助政策不精准。</text:p></text:list-item>
      <text:list-item><text:p>推进养老服务体系建设滞后。</text:p>
       <text:list><text:list-item><text:p>细项一</text:p></text:list-item><text:list-item><text:p>细项二</text:p></text:list-item></text:list>
      </text:list-item></text:list>
    </text:list-item>
    <text:list-item><text:p>群众身边腐败问题和不正之风方面</text:p>
     <text:list><text:list-item><text:p>违规发放津补贴。</text:p></text:list-item>
      <text:list-item><text:p>临时救助审核把关不严。</text:p></text:list-item></text:list>
    </text:list-item></text:list>
  </text:list-item>
 </text:list>
 <text:p>（其间的正文段落）</text:p>
 <text:list text:style-name="巡察报告编号" text:continue-list="outline">
  <text:list-item><text:p>意见建议</text:p></text:list-item>
 </text:list>
 <text:list text:style-name="巡察报告编号">
  <text:list-item text:start-value="1"><text:p>重新开始的一</text:p></text:list-item>
  <text:list-item><text:p>重新开始的二</text:p></text:list-item>
 </text:list>
 <text:list text:style-name="大写"><text:list-item><text:p>壹项</text:p></text:list-item><text:list-item><text:p>贰项</text:p></text:list-item>
  <text:list-item text:start-value="11"><text:p>拾壹项</text:p></text:list-item></text:list>
 <text:list text:style-name="圈码"><text:list-item><text:p>圈一</text:p></text:list-item><text:list-item><text:p>圈二</text:p></text:list-item></text:list>
 <text:list text:style-name="天干"><text:list-item><text:p>甲项</text:p></text:list-item><text:list-item><text:p>乙项</text:p></text:list-item></text:list>
 <text:p/>
 <text:p>完</text:p>
</office:text></office:body></office:document>
"""


def soffice(*args):
    """LibreOffice headless, with a profile of its own (another LibreOffice
    running, as other tests may, would otherwise take the conversion)."""
    profile = Path(tempfile.gettempdir()) / "reportlint-word-text-profile"
    return subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", *args],
                          check=True, capture_output=True)


def soffice_txt(docx, outdir):
    soffice("--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(outdir), str(docx))
    return (outdir / (docx.stem + ".txt")).read_text(encoding="utf-8")


def norm(line):
    return re.sub(r"[ \t\u00a0]", "", line)


# A bullet's glyph, which LibreOffice writes in front of its paragraph and
# reportlint does not read (a bullet is no 层次序数).
BULLET = re.compile(r"^[ \t\u00a0]*[•◦▪\uf0b7]")


def python_docx(path):
    """A report made with python-docx (installed when missing): its
    built-in numbered and bulleted list styles, a table with one nested."""
    try:
        import docx
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "python-docx"], check=True)
        import docx
    d = docx.Document()
    d.add_paragraph("关于对某局党组开展常规巡察情况的报告")
    for t in ["基本情况", "发现的主要问题", "意见建议"]:
        d.add_paragraph(t, style="List Number")
    d.add_paragraph("要点甲", style="List Bullet")
    d.add_paragraph("二级", style="List Number 2")
    t = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "序号", (0, 1): "问题", (1, 0): "1", (1, 1): "推进全面以严治党不力"}.items():
        t.cell(r, c).text = text
    inner = t.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内甲"
    inner.cell(0, 1).text = "内乙"
    d.add_paragraph("完")
    d.save(path)


def drop_footnote_numbers(lo, ours, counter):
    """LibreOffice's line without the footnote numbers it writes at each
    reference (1, 2, 3… through the document), where they stand and
    reportlint's line has none."""
    while lo != ours:
        p = next((i for i, (a, b) in enumerate(zip(lo, ours)) if a != b), min(len(lo), len(ours)))
        mark = str(counter[0])
        if not lo[p:].startswith(mark):
            break
        lo = lo[:p] + lo[p + len(mark):]
        counter[0] += 1
    return lo


# numbering.docx: reportlint's paragraph → why LibreOffice shows it otherwise.
NUMBERING_DIFFERS = {
    "2.款（不重新开始）": "LibreOffice shows no number for a level with lvlRestart 0 (§17.9.10: it never restarts, so 2.)",
    "2.1节": "LibreOffice ignores isLgl (§17.9.4: every level in decimal, so 2.1, not II.1)",
}


def tables_docx(path):
    """Tables (one nested in a cell, between paragraphs of that cell), a
    symbol, an emoji with its fallback, and a deleted paragraph mark."""
    w16se = "http://schemas.microsoft.com/office/word/2015/wordml/symex"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"

    def cell(*paras):
        return "<w:tc>" + "".join(paras) + "</w:tc>"

    nested = "<w:tbl><w:tr>" + cell(para("内层甲")) + cell(para("内层乙")) + "</w:tr></w:tbl>"
    body = [
        para("表格之前"),
        "<w:tbl><w:tr>" + cell(para("外层文字：全面以严治党"), nested, para("之后")) + cell(para("第二格")) + "</w:tr>"
        "<w:tr>" + cell(para("第二行")) + cell(para("乙")) + "</w:tr></w:tbl>",
        f'<w:p><w:r><w:t>符号</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r><w:r><w:t>和表情</w:t></w:r>'
        f'<mc:AlternateContent xmlns:mc="{mc}" xmlns:w16se="{w16se}"><mc:Choice Requires="w16se"><w:r>'
        f'<w16se:symEx w16se:font="Segoe UI Emoji" w16se:char="1F600"/></w:r></mc:Choice>'
        f"<mc:Fallback><w:r><w:t>😀</w:t></w:r></mc:Fallback></mc:AlternateContent><w:r><w:t>之后</w:t></w:r></w:p>",
        '<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"/></w:rPr></w:pPr>'
        "<w:r><w:t>推进全面以</w:t></w:r></w:p>",
        para("严治党力度不够。"),
        para("完"),
    ]
    xml_package(path, "".join(body))


def compare(name, docx, oracle_docx, tmp, differs=None, allowed=None, whole=False):
    lo = soffice_txt(oracle_docx, tmp).lstrip("\ufeff").splitlines()
    ours = subprocess.run([REPORTLINT, "text", "--plain", str(docx)], check=True, capture_output=True,
                          text=True).stdout.splitlines()
    if whole:
        # LibreOffice writes each paragraph of a table cell on a line of its
        # own, reportlint a table row on one line: the texts are compared
        # whole (every character, in order; nothing lost, nothing extra).
        a, b = "".join(norm(BULLET.sub("", x)) for x in lo), "".join(map(norm, ours))
        if a != b:
            p = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            failures.append(name)
            print(f"FAILED: {name}\n  from character {p}: LibreOffice “{a[p:p + 40]}”, reportlint “{b[p:p + 40]}”")
        else:
            print(f"ok: {name} ({len(b)} characters)")
        return
    counter = [1]
    bad = []
    if len(ours) < len(lo):
        bad.append(f"reportlint reads {len(ours)} paragraphs, LibreOffice {len(lo)}")
    current = None
    for i, (a, b) in enumerate(zip(lo, ours), 1):
        a, b = norm(a), norm(b)
        a = drop_footnote_numbers(a, b, counter)
        if differs is not None and "|" not in b:
            current = b
        if a == b or b in (allowed or {}):
            continue
        if differs is not None and current in LIBREOFFICE_DIFFERS:
            value = int(b.split("|")[1]) if "|" in b else None
            if value in LIBREOFFICE_DIFFERS[current][0]:
                continue
        bad.append(f"paragraph {i}: LibreOffice “{a}”, reportlint “{b}”")
    # What follows LibreOffice's last paragraph is reportlint's notes part:
    # blank, then the notes.
    rest = ours[len(lo):]
    if rest and rest[0].strip():
        bad.append(f"paragraph {len(lo) + 1}: reportlint reads “{rest[0]}” past LibreOffice's end")
    if bad:
        failures.append(name)
        print(f"FAILED: {name}\n  " + "\n  ".join(bad[:20]))
    else:
        print(f"ok: {name} ({len(lo)} paragraphs)")


def main():
    tmp = Path(tempfile.mkdtemp(prefix="reportlint-word-text-"))
    formats_docx(tmp / "formats.docx")
    compare("every number format", tmp / "formats.docx", tmp / "formats.docx", tmp, differs=True)
    numbering_docx(tmp / "numbering.docx")
    compare("overrides, restarts, legal, style numbering, empty paragraphs", tmp / "numbering.docx", tmp / "numbering.docx", tmp,
            allowed={norm(k): v for k, v in NUMBERING_DIFFERS.items()})
    (tmp / "lo.fodt").write_text(FODT, encoding="utf-8")
    soffice("--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp), str(tmp / "lo.fodt"))
    with zipfile.ZipFile(tmp / "lo.docx") as z:
        numbering = z.read("word/numbering.xml").decode("utf-8")
    seen = sorted(set(re.findall(r'w:numFmt w:val="(\w+)"', numbering)))
    print(f"  LibreOffice wrote the numbering formats {', '.join(seen)}")
    compare("LibreOffice's own numbering, restarts and formats", tmp / "lo.docx", tmp / "lo.docx", tmp)
    tables_docx(tmp / "tables.docx")
    tracked(tmp / "tables.docx", tmp / "tables-accepted.docx")
    compare("nested tables, symbols, emoji, a deleted paragraph mark", tmp / "tables.docx", tmp / "tables-accepted.docx", tmp, whole=True)
    python_docx(tmp / "python-docx.docx")
    compare("a report made with python-docx (list styles, nested table)", tmp / "python-docx.docx", tmp / "python-docx.docx", tmp, whole=True)
    for docx in sorted(Path("fixtures/docx/libreoffice").glob("*.docx")):
        accepted = tmp / f"accepted-{docx.name}"
        tracked(docx, accepted)
        compare(f"{docx} (changes accepted)", docx, accepted, tmp)
    shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failed")
        sys.exit(1)


main()
