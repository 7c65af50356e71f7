// Maagal: what /admin/ is given in place of the libraries Sveltia CMS would load from unpkg.com.
// The page's import map sends those addresses here, so nothing leaves the site. Sveltia asks for
// its code highlighter (Shiki) when a text with a code block opens; finding nothing in this
// module, it shows code blocks as plain text, which is all an editor needs of them.
export {};
