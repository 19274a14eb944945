# 社会保障协定认定的理由（hrx-domain coverage::determine）。
# 每个步骤代码一条消息：coverage-step-<代码>，参数即步骤参数。
# 日期为 ISO 8601 格式；险种列表为以逗号分隔的险种代码。

coverage-step-direction = { $direction ->
    [inbound] 由{ $partner }派遣来华工作：认定是否免缴中国社会保险。
   *[outbound] 在中国参保并派往{ $partner }工作：认定是否免缴{ $partner }的社会保险。
}
coverage-step-no_agreement = 中国与{ $partner }未签订社会保障协定：须参加全部五项保险。
coverage-step-agreement_not_in_force = { $in_force ->
    [none] 协定 { $agreement } 已签署但尚未生效：不能据此免缴，须参加全部五项保险。
   *[other] 协定 { $agreement } 不适用于该日期或该派遣（自 { $in_force } 起生效）：须参加全部五项保险。
}
coverage-step-agreement_in_force = 协定 { $agreement } 已生效（自 { $in_force } 起）。
coverage-step-nationality_mismatch = 人员国籍（{ $nationality }）不是 { $expected }：须由经办人员人工审核。
coverage-step-nationality_ok = 人员为 { $nationality } 国民。
coverage-step-category_not_covered = 协定 { $agreement } 不适用于人员类别 { $category }：须参加全部五项保险。
coverage-step-category_covered = 协定 { $agreement } 适用于人员类别 { $category }。
coverage-step-family_member_conditions = 协定 { $agreement } 仅在其备注所列条件下适用于随行家属。
coverage-step-sender_employment_too_short = 人员自 { $since } 起才受雇于派遣单位，距 { $posting_start } 派遣开始不足 1 个月：不适用协定。
coverage-step-sender_employment_ok = 人员自 { $since } 起受雇于派遣单位，派遣前已满 1 个月。
coverage-step-sender_employment_condition = 待核实条件：人员在 { $posting_start } 派遣开始前须已受雇于派遣单位至少 1 个月。
coverage-step-clock_start = 派遣期限自 { $date } 起计算。
coverage-step-all_branches_before_in_force = { $from } 至 { $until } 期间协定尚未生效：这些日期须参加全部五项保险。
coverage-step-posting_limit = 派遣期限为 { $months } 个月，至 { $until } 止。
coverage-step-local_short_term_limit = 当地雇用的短期人员：{ $months } 个月，至 { $until } 止，不得延期。
coverage-step-posting_unlimited = 协定对派遣期限未作限制。
coverage-step-diplomatic_no_limit = 外交机构人员不受期限限制。
coverage-step-posting_limit_unknown = 协定 { $agreement } 的派遣期限尚未确定：须由经办人员人工审核。
coverage-step-exemption_period = { $from } 至 { $until } 免缴 { $branches }；参加 { $enrol }。
coverage-step-agreement_ends = { $successor ->
    [none] 该协定仅适用至 { $until }。
   *[other] 该协定仅适用至 { $until }，其后适用协定 { $successor }。
}
coverage-step-korea_medical_protocol = 中韩 2012 年议定书：2013-01-16 前已在华工作并持有商业健康保险，因此至 { $until } 亦免缴职工基本医疗保险。
coverage-step-extension_by_agreement = 自 { $from } 起，经两国主管机关同意可以延期{ $max_until ->
    [none] ，无固定上限。
   *[other] ，最长至 { $max_until }（合计 { $max_months } 个月）。
}
coverage-step-extension_exceptional_by_agreement = 自 { $from } 起，仅在特殊情况下经两国主管机关同意可以延期{ $max_until ->
    [none] 。
   *[other] ，最长至 { $max_until }（合计 { $max_months } 个月）。
}
coverage-step-extension_special_agreement = 自 { $from } 起，仅在两国主管机关另行特别商定时方可继续免缴{ $max_until ->
    [none] 。
   *[other] ，最长至 { $max_until }（合计 { $max_months } 个月）。
}
coverage-step-extension_notice = 延期申请须在免缴期满前至少 { $months } 个月提出：最迟于 { $latest }。
coverage-step-extension_terms_unknown = 延期条件尚未确定：自 { $from } 起须由经办人员人工审核。
coverage-step-posting_limit_exceeded = 已超过派遣期限：自 { $from } 起须参加全部五项保险。
coverage-step-posting_ended = 派遣已于 { $posting_end } 结束。
coverage-step-outcome_exempt = { $as_of }：免缴 { $branches }；参加 { $enrol }。
coverage-step-outcome_all_branches = { $as_of }：须参加全部五项保险。
coverage-step-savings_estimate = { $city } { $month } 估算节省：每月 { $total } 元，{ $months } 个月合计 { $period_total } 元。
coverage-step-savings_unavailable = 无法估算 { $city } { $month } 的节省（{ $reason ->
    [no_rates] 该期间无费率数据
   *[other] { $reason }
}）。
