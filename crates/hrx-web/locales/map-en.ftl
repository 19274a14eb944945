# The world map of figures by country (src/map).
map-partner = partner
map-not-partner = not a partner
map-no-figure = No figure
map-outlines-note = Schematic map: outlines from Natural Earth 1:110m (world-atlas 2.0.2); it does not show national boundaries as officially drawn.
map-legend = Legend
map-table-view = The numbers as a table
map-country = Country or region
map-code = ISO code
map-value = Figure
map-not-drawn = (too small to show on the map)
map-summary = { $count } countries and regions, { $total } in all; the largest: { $top }.
map-summary-item = { $name } ({ $value })
map-summary-partners = { $count } partner countries and regions: { $names }.
map-summary-partners-more = { $count } partner countries and regions: { $names } and { $more } more.
map-summary-empty = No figures to show.
map-not-recorded = Not recorded
statistics-map-details = All the figures by nationality
