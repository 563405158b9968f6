/* smeintl: let the search page find numbers and years.
 * Sphinx's searchtools.js drops every all-digit query term ("2020") before searching, although
 * the index holds them. This wraps Search._parseQuery to put those terms back. Decimals such as
 * "45.47" are kept whole by the splitter in language_data.js (see src/smeintl/booksite.py). */
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || typeof splitQuery === "undefined") return;
  const parse = Search._parseQuery;
  Search._parseQuery = (query) => {
    const parsed = parse(query);
    const [, searchTerms, , highlightTerms] = parsed;
    splitQuery(query.trim()).forEach((term) => {
      if (/^\d+$/.test(term)) {
        searchTerms.add(term);
        highlightTerms.add(term);
      }
    });
    return parsed;
  };
});
