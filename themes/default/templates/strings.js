{#- The words the theme's scripts write into a page, in the site's language, as static/strings.js:
    reader.js, offline.js and player.js read them from window.ShownotesStrings, so every string of the
    theme is in its catalogs. One file for the whole site, not a copy in every page. -#}
{% set strings = {
  "copyLink": _("Copy link"),
  "copied": _("Copied"),
  "linkCopied": _("Link copied: %(address)s", address="%(address)s"),
  "copyLinkTo": _("Copy link to “%(title)s”", title="%(title)s"),
  "sectionAddress": _("Address of this section"),
  "pressCtrlC": _("Press Ctrl+C to copy it."),
  "pressCmdC": _("Press ⌘C to copy it."),
  "addressSelected": _("The address is selected: copy it with your keyboard."),
  "savingChanges": _("Saving the latest changes for offline reading…"),
  "savedAll": _("Every episode is saved on this device for reading offline."),
  "saving": _("Saving for offline reading…"),
  "savingCount": _("Saving for offline reading: %(done)s of %(total)s files…", done="%(done)s", total="%(total)s"),
  "notSaved": _("Not every file could be saved (%(count)s missing); try again when the connection is better.", count="%(count)s"),
  "searchLoading": _("Loading the search index…"),
  "searchFailed": _("Search could not load its index. Every episode is listed on the home page."),
  "searchLoadingCount": _("Loading the search index… %(done)s of %(total)s episodes", done="%(done)s", total="%(total)s"),
  "noResults": _("No results"),
  "bestResults": _("Best %(shown)s of %(count)s results", shown="%(shown)s", count="%(count)s"),
  "oneResult": _("1 result"),
  "results": _("%(count)s results", count="%(count)s"),
  "resultsFor": _("%(counted)s for “%(query)s”%(progress)s.", counted="%(counted)s", query="%(query)s", progress="%(progress)s"),
  "searchedSoFar": _(" (searched %(done)s of %(total)s episodes so far)", done="%(done)s", total="%(total)s"),
  "notSearched": _(" (%(failed)s of %(total)s episodes could not be searched)", failed="%(failed)s", total="%(total)s"),
  "episodeNumber": _("Episode %(number)s", number="%(number)s"),
} %}
window.ShownotesStrings = {{ strings | tojson }};
