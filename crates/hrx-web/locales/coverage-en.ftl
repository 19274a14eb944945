# Reasons of a social-security agreement determination (hrx-domain coverage::determine).
# One message per step code: coverage-step-<code>, with the step's args.
# Dates are ISO 8601; branch lists are branch codes separated by commas.

coverage-step-direction = { $direction ->
    [inbound] Posted from { $partner } to work in China: the question is exemption from Chinese insurance.
   *[outbound] Insured in China and posted to { $partner }: the question is exemption from { $partner }'s insurance.
}
coverage-step-no_agreement = China has no social-security agreement with { $partner }: all five branches apply.
coverage-step-agreement_not_in_force = { $in_force ->
    [none] Agreement { $agreement } is signed but not in force: no exemption can be granted under it, and all five branches apply.
   *[other] Agreement { $agreement } does not apply to this day or posting (in force from { $in_force }): all five branches apply.
}
coverage-step-agreement_in_force = Agreement { $agreement } is in force (since { $in_force }).
coverage-step-nationality_mismatch = The worker's nationality ({ $nationality }) is not { $expected }: an officer must review the case.
coverage-step-nationality_ok = The worker is a national of { $nationality }.
coverage-step-category_not_covered = Agreement { $agreement } does not cover the category { $category }: all five branches apply.
coverage-step-category_covered = Agreement { $agreement } covers the category { $category }.
coverage-step-family_member_conditions = Family members are covered under agreement { $agreement } only under the conditions in its notes.
coverage-step-sender_employment_too_short = Employed by the sending employer only since { $since }, less than 1 month before the posting began on { $posting_start }: not covered.
coverage-step-sender_employment_ok = Employed by the sending employer since { $since }, at least 1 month before the posting.
coverage-step-sender_employment_condition = Condition to check: the worker must have been employed by the sending employer for at least 1 month before { $posting_start }.
coverage-step-clock_start = The posting period is counted from { $date }.
coverage-step-all_branches_before_in_force = From { $from } to { $until } the agreement was not yet in force: all five branches apply for those days.
coverage-step-posting_limit = The posting limit is { $months } months, up to { $until }.
coverage-step-local_short_term_limit = Locally hired short-term staff: { $months } months, up to { $until }, with no extension.
coverage-step-posting_unlimited = The agreement sets no time limit on postings.
coverage-step-diplomatic_no_limit = Staff of diplomatic missions have no time limit.
coverage-step-posting_limit_unknown = Agreement { $agreement } has no established posting limit: an officer must review the case.
coverage-step-exemption_period = Exempt from { $branches } from { $from } to { $until }; enrolled in { $enrol }.
coverage-step-agreement_ends = { $successor ->
    [none] The agreement applies only until { $until }.
   *[other] The agreement applies only until { $until }; agreement { $successor } follows it.
}
coverage-step-korea_medical_protocol = Korea 2012 protocol: working in China before 2013-01-16 with commercial health insurance, so also exempt from medical insurance until { $until }.
coverage-step-extension_by_agreement = From { $from } an extension is possible if both countries' authorities agree{ $max_until ->
    [none] , with no fixed cap.
   *[other] , up to { $max_until } ({ $max_months } months in total).
}
coverage-step-extension_exceptional_by_agreement = From { $from } an extension is possible only in exceptional cases agreed by both authorities{ $max_until ->
    [none] .
   *[other] , up to { $max_until } ({ $max_months } months in total).
}
coverage-step-extension_special_agreement = From { $from } the posting can continue only under a special agreement between the authorities{ $max_until ->
    [none] .
   *[other] , up to { $max_until } ({ $max_months } months in total).
}
coverage-step-extension_notice = The extension must be requested at least { $months } months before the exemption ends: by { $latest } at the latest.
coverage-step-extension_terms_unknown = The extension terms are not established: from { $from } an officer must review the case.
coverage-step-posting_limit_exceeded = The posting limit has passed: all five branches apply from { $from }.
coverage-step-posting_ended = The posting ended on { $posting_end }.
coverage-step-outcome_exempt = On { $as_of }: exempt from { $branches }; enrolled in { $enrol }.
coverage-step-outcome_all_branches = On { $as_of }: all five branches apply.
coverage-step-savings_estimate = Estimated saving in { $city } for { $month }: RMB { $total } a month, RMB { $period_total } over { $months } months.
coverage-step-savings_unavailable = No saving can be estimated for { $city } in { $month } ({ $reason ->
    [no_rates] no rates for that period
   *[other] { $reason }
}).
