# 按国家显示数字的世界地图（src/map）。
map-partner = 合作伙伴
map-not-partner = 非合作伙伴
map-no-figure = 无数据
map-outlines-note = 示意图：轮廓取自Natural Earth 1:110m（world-atlas 2.0.2），不作为国界的正式画法。
map-legend = 图例
map-table-view = 以表格查看数字
map-country = 国家或地区
map-code = ISO代码
map-value = 数值
map-not-drawn = （面积过小，地图上未显示）
map-summary = 共{ $count }个国家和地区，合计{ $total }；最多的是{ $top }。
map-summary-item = { $name }（{ $value }）
map-summary-partners = 合作伙伴国家和地区共{ $count }个：{ $names }。
map-summary-partners-more = 合作伙伴国家和地区共{ $count }个：{ $names }等{ $more }个。
map-summary-empty = 暂无数据。
map-not-recorded = 未记录
statistics-map-details = 按国籍查看全部数字
