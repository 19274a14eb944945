# 国际劳工公约页面（登记册、公约、报告日历、报告案件）。

## 菜单
ilo-nav-register = 国际劳工公约
ilo-nav-calendar = 国际劳工公约报告日历

## 各页通用
ilo-list-separator = 、
ilo-code = 公约
ilo-convention = 公约
ilo-title = 名称
ilo-class = 类别
ilo-ratified = 批准登记日期
ilo-entry-into-force = 对中国生效日期
ilo-status = 状态
ilo-subjects = 主题
ilo-derived = 推算
ilo-derived-help = 推算日期按登记日期加12个月计算，并非取自国际劳工组织的记录。
ilo-not-established = 未确定
ilo-show = 显示
ilo-year = 年份
ilo-type = 报告类型
ilo-due-date = 截止日期
ilo-reason = 应交依据
ilo-late = 逾期
ilo-case = 案件
ilo-report = 报告
ilo-report-of-year = { $year }年度报告

## 公约类别（2022年分类）及对中国的状态
ilo-class-F = 基本公约
ilo-class-G = 治理公约
ilo-class-G-priority = 优先公约（现称治理公约）
ilo-class-T = 技术公约
ilo-state-not_yet_in_force = 尚未生效
ilo-state-in_force = 有效
ilo-state-not_in_force = 已失效
ilo-state-not_ratified = 未批准

## 登记册
ilo-register-title = 中国批准的国际劳工公约
ilo-register-intro = 截至所选日期中国已批准的国际劳工组织公约，以及各公约在该日的类别、日期和状态。
ilo-as-of = 日期
ilo-counts = 截至{ $date }：已批准{ $ratified }项，有效{ $in_force }项
ilo-counts-help = “已批准”计入所有已登记的批准，包括已不再有效的公约。
ilo-none-ratified = 该日期前尚未批准任何公约。
ilo-source = 状态和日期凡经确认的均依据国际劳工组织NORMLEX数据库中国页面；自动退出系根据修订公约的条款推定。

## 公约
ilo-back-register = 中国批准的全部公约
ilo-adopted = 国际劳工大会通过年份
ilo-status-today = 当前状态
ilo-final-articles = 最后条款公约：不要求提交定期报告。
ilo-history-title = 状态沿革
ilo-event-ratification = 国际劳工组织登记批准
ilo-event-entry_into_force = 对中国生效
ilo-event-denunciation = 不再有效：{ $cause }
ilo-event-class_change = 归类为{ $class }
ilo-comments-title = 公约和建议书实施专家委员会（专家委员会）的评论
ilo-comments-empty = 尚无评论记录。
ilo-text-other = 英文文本
ilo-kind-observation = 意见
ilo-kind-direct_request = 直接请求
ilo-points = 后续事项
ilo-point-text = 事项
ilo-point-owner = 负责单位
ilo-point-due = 期限
ilo-point-done = 完成日期
ilo-point-n = 事项{ $n }
ilo-reports-title = 报告
ilo-reports-empty = 尚未立案。
ilo-due-title = 未来六年应交报告
ilo-due-empty = 这些年份没有应交报告。

## 报告日历
ilo-calendar-title = 国际劳工公约报告日历
ilo-calendar-intro = { $from }年至{ $to }年中国依《国际劳工组织章程》第22条须就已批准公约提交的报告及其案件。
ilo-from = 起始年份
ilo-due-count = 应交报告{ $count }份
ilo-open-case = 立案
ilo-csv = 下载CSV
ilo-type-first = 首次报告
ilo-type-regular = 定期报告
ilo-type-out_of_cycle = 周期外报告
ilo-out-of-cycle-title = 登记周期外报告要求
ilo-out-of-cycle-help = 专家委员会要求在周期外提交报告时，在此登记：系统为该公约和年份立案。该公约须在当年9月1日有效。
ilo-out-of-cycle-submit = 登记要求并立案

## 未能立案或办理的原因
ilo-refused = 该步骤未能办理。
ilo-refused-report_not_due = 该公约在该年度没有应交报告。如为专家委员会的要求，请使用下方的周期外报告表单。
ilo-refused-not_reportable = 该年度不能要求提交报告：该公约在当年9月1日对中国无效，或属于最后条款公约。
ilo-refused-already_open = 该公约该年度的报告案件已经存在。
ilo-refused-same_actor = 送审报告的官员不能同时批准报告并送交副本，须由另一名公约事务官员办理。
ilo-refused-comment_required = 此步骤须填写理由。
ilo-refused-transition_not_allowed = 报告当前状态下不能办理此步骤。
ilo-stale = 该报告已更新至第{ $version }版，请重新查看后再办理。

## 报告案件
ilo-status-requested = 已收到报告要求
ilo-status-drafting = 起草中
ilo-status-internal_review = 内部审核中
ilo-status-copies_sent = 已送交社会伙伴
ilo-status-submitted = 已提交国际劳工局
ilo-status-comments_received = 已收到评论
ilo-action-start_drafting = 开始起草
ilo-action-send_for_review = 送审
ilo-action-return_to_drafting = 退回起草
ilo-action-send_copies = 批准并送交社会伙伴
ilo-action-submit = 提交国际劳工局
ilo-action-receive_comments = 登记专家委员会评论
ilo-field-employers_organisation = 雇主组织
ilo-field-workers_organisation = 工人组织
ilo-suggest-employers_organisation = 中国企业联合会
ilo-suggest-workers_organisation = 中华全国总工会
ilo-reminders = 提醒
ilo-reminder-send_copies = 于{ $date }前将副本送交雇主组织和工人组织
ilo-reminder-submit = 于{ $date }前向国际劳工局提交报告
ilo-overdue = 已逾期
ilo-copies-sent-to = 副本送交
ilo-copies-sent-on = 副本送交日期
ilo-submitted-on = 提交日期
ilo-status-since = 进入当前状态日期
ilo-tab-comments = 评论
ilo-comments-not-yet = 报告提交后方可登记专家委员会的评论。
ilo-comment-form-title = 登记专家委员会对本报告的评论
ilo-comment-kind = 评论类别
ilo-comment-year = 专家委员会会议年份
ilo-comment-text_zh = 中文文本
ilo-comment-text_en = 英文文本
ilo-points-help = 每行填写一项须政府跟进的事项；不需要的行留空即可。
ilo-comment-submit = 登记评论
