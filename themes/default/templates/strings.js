{#- The words the theme's scripts write into a page, in the site's language, as static/strings.js:
    reader.js, offline.js, player.js and search.js read them from window.ShownotesStrings, so every string of the
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
  "searchLabel": _("Search every transcript"),
  "searchPlaceholder": _("Search transcripts  ( / )"),
  "searchHint": _("Results appear as you type; choose one with the arrow keys and Enter. Press slash to come back here."),
  "searchResults": _("Search results"),
  "searching": _("Searching…"),
  "searchLoading": _("Loading the search index…"),
  "searchFailed": _("Search could not load its index. Every episode is listed on the home page."),
  "noResults": _("No results"),
  "bestResults": _("Best %(shown)s of %(count)s results", shown="%(shown)s", count="%(count)s"),
  "oneResult": _("1 result"),
  "results": _("%(count)s results", count="%(count)s"),
  "resultsFor": _("%(counted)s for “%(query)s”%(progress)s.", counted="%(counted)s", query="%(query)s", progress="%(progress)s"),
  "notLoaded": _(" (%(count)s could not be loaded)", count="%(count)s"),
  "episodeTitle": _("Episode %(number)s: %(title)s", number="%(number)s", title="%(title)s"),
} %}
window.ShownotesStrings = {{ strings | tojson }};
