/* Maagal's additions to Sveltia CMS, published as /admin/maagal-cms.js after the CMS script (a
   file of the site's, not an inline script: the page's policy runs only the site's own files).
   `maagal build` writes `const MAAGAL = {...}` above this: the words in the site's language
   (`text/i18n.py`, CMS_LABELS), the languages written right to left, and the picture widget's
   options (`outputs/cms_config.py`, PICTURE).

   - Editor components for the magazine furniture, in the Markdown the site reads
     (`text/pullquote.py`, pymdownx's caption), so that the rich-text mode keeps them:
       /// pullquote | who said it          ![description](file.jpg)
       the quote                            /// caption
       ///                                  the caption
                                            ///
     and a picture whose description is required.
   - The preview pane takes the site's own stylesheets (those its home page links), is laid out
     as the site's articles are (`md-typeset`) and right to left for Hebrew. */
(function () {
  "use strict";

  const words = MAAGAL.labels;

  /** Text for HTML: the preview is HTML, an editor's words are not. */
  const escape = (text) =>
    String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  /** `![description](file "tooltip")`, as the site writes a picture. */
  const picture = ({ src = "", alt = "", title = "" }) =>
    `![${alt.trim()}](${src.trim()}${title.trim() ? ` "${title.trim().replace(/"/g, "'")}"` : ""})`;

  const pictureHTML = ({ src = "", alt = "", title = "" }) =>
    `<img src="${escape(src)}" alt="${escape(alt)}"${title ? ` title="${escape(title)}"` : ""}>`;

  // The same picture, in the three components that hold one. The pull quote's and the figure's
  // patterns are line by line (`m`): the editor tries them at each line's start, the preview
  // over the whole text.
  const IMAGE = String.raw`!\[(?<alt>[^\]\n]*)\]\((?<src>[^\s)]+)(?: +"(?<title>[^"\n]*)")?\)`;

  const pictureFields = () => [
    // A file beside the document, in a kind the site publishes (`MAAGAL.picture`).
    { ...MAAGAL.picture, name: "src", label: words.cmp_picture_file, required: true },
    // A picture with no description is refused by `maagal check` too.
    { name: "alt", label: words.cmp_alt, widget: "string", required: true },
    { name: "title", label: words.cmp_picture_title, widget: "string", required: false },
  ];

  const pullquote = {
    id: "pullquote",
    label: words.cmp_pullquote,
    icon: "format_quote",
    fields: [
      { name: "text", label: words.cmp_quote_text, widget: "text", required: true },
      { name: "author", label: words.cmp_quote_author, widget: "string", required: false },
    ],
    pattern: /^\/\/\/ *pullquote *(?:\| *(?<author>[^\n]*?))? *\n(?<text>[\s\S]*?)\n\/\/\/ *$/m,
    fromBlock: (match) => ({ text: match.groups.text, author: match.groups.author ?? "" }),
    toBlock: ({ text = "", author = "" }) =>
      `/// pullquote${author.trim() ? ` | ${author.trim()}` : ""}\n${text.trim()}\n///`,
    toPreview: ({ text = "", author = "" }) =>
      `<figure class="pullquote"><blockquote><p>${escape(text)}</p></blockquote>` +
      (author.trim() ? `<figcaption>${escape(author)}</figcaption>` : "") +
      "</figure>",
  };

  const figure = {
    id: "figure",
    label: words.cmp_figure,
    icon: "add_photo_alternate",
    fields: [
      ...pictureFields(),
      { name: "caption", label: words.cmp_caption, widget: "text", required: true },
    ],
    pattern: new RegExp(
      `^${IMAGE}\\n\\/\\/\\/ *caption *\\n(?<caption>[\\s\\S]*?)\\n\\/\\/\\/ *$`,
      "m",
    ),
    fromBlock: (match) => ({
      src: match.groups.src,
      alt: match.groups.alt,
      title: match.groups.title ?? "",
      caption: match.groups.caption,
    }),
    toBlock: (props) => `${picture(props)}\n/// caption\n${(props.caption ?? "").trim()}\n///`,
    toPreview: (props) =>
      `<figure>${pictureHTML(props)}<figcaption>${escape(props.caption)}</figcaption></figure>`,
  };

  // Sveltia's own picture component leaves the description optional; this one requires it.
  const image = {
    id: "picture",
    label: words.cmp_picture,
    icon: "image",
    fields: pictureFields(),
    pattern: new RegExp(IMAGE),
    fromBlock: (match) => ({
      src: match.groups.src,
      alt: match.groups.alt,
      title: match.groups.title ?? "",
    }),
    toBlock: picture,
    toPreview: pictureHTML,
  };

  MAAGAL.components = [pullquote, figure, image];
  MAAGAL.components.forEach((component) => CMS.registerEditorComponent(component));

  // The preview: the stylesheets the site's home page links (Material's, the site's fonts and
  // its own), read once; an entry opened before they are read is previewed without them. The
  // frame's body is given the class of the site's article text, so its margin goes.
  CMS.registerPreviewStyle("body.md-typeset { margin: 0; padding: 8px 16px; }", { raw: true });
  fetch(new URL("../", window.location.href))
    .then((response) => (response.ok ? response.text() : ""))
    .then((page) => {
      const home = new DOMParser().parseFromString(page, "text/html");
      const base = new URL("../", window.location.href);
      home.querySelectorAll('link[rel="stylesheet"]').forEach((link) => {
        CMS.registerPreviewStyle(new URL(link.getAttribute("href"), base).href);
      });
    })
    .catch(() => undefined);

  // The preview pane is a frame of the CMS's own making (`<html lang="he">`, no `dir`): laid out
  // as the site's articles and right to left when its language is.
  document.addEventListener(
    "load",
    (event) => {
      const frame = event.target;
      const page = frame instanceof HTMLIFrameElement ? frame.contentDocument : null;
      if (!page || !page.body) {
        return;
      }
      const lang = (page.documentElement.lang || "").split("-")[0];
      page.documentElement.dir = MAAGAL.rtl.includes(lang) ? "rtl" : "ltr";
      page.body.classList.add("md-typeset");
    },
    true,
  );
})();
