# The ILO conventions pages (register, convention, calendar, report cases).

## Menu
ilo-nav-register = ILO conventions
ilo-nav-calendar = ILO reporting calendar

## Words shared by the pages
ilo-list-separator = {", "}
ilo-code = Convention
ilo-convention = Convention
ilo-title = Title
ilo-class = Class
ilo-ratified = Ratification registered
ilo-entry-into-force = Entry into force for China
ilo-status = Status
ilo-subjects = Subjects
ilo-derived = derived
ilo-derived-help = A derived date is computed (registration + 12 months), not read from the ILO's records.
ilo-not-established = not established
ilo-show = Show
ilo-year = Year
ilo-type = Type
ilo-due-date = Due
ilo-reason = Why it is due
ilo-late = Late
ilo-case = Case
ilo-report = Report
ilo-report-of-year = Report for { $year }

## Classes (2022 classification) and statuses of a convention for China
ilo-class-F = Fundamental
ilo-class-G = Governance
ilo-class-G-priority = Priority (now governance)
ilo-class-T = Technical
ilo-state-not_yet_in_force = Not yet in force
ilo-state-in_force = In force
ilo-state-not_in_force = Not in force
ilo-state-not_ratified = Not ratified

## The register
ilo-register-title = ILO conventions ratified by China
ilo-register-intro = The International Labour Organization's conventions that China has ratified, as the register stood on the chosen date: each one's class, dates and status on that date.
ilo-as-of = On the date
ilo-counts = { $ratified } ratified, { $in_force } in force on { $date }
ilo-counts-help = “Ratified” counts every registered ratification, including conventions no longer in force.
ilo-none-ratified = No convention had been ratified by this date.
ilo-source = Status and dates follow NORMLEX's page for China where confirmed; automatic denunciations are inferred from the revising conventions.

## A convention
ilo-back-register = All conventions ratified by China
ilo-adopted = Adopted by the International Labour Conference in
ilo-status-today = Status today
ilo-final-articles = Final-articles convention: no regular reports are requested.
ilo-history-title = Status history
ilo-event-ratification = Ratification registered by the ILO
ilo-event-entry_into_force = Entered into force for China
ilo-event-denunciation = No longer in force: { $cause }
ilo-event-class_change = Classified as { $class }
ilo-comments-title = Comments of the Committee of Experts (CEACR)
ilo-comments-empty = No comment recorded.
ilo-text-other = The Chinese text
ilo-kind-observation = Observation
ilo-kind-direct_request = Direct request
ilo-points = Follow-up points
ilo-point-text = Point
ilo-point-owner = Responsible
ilo-point-due = Due
ilo-point-done = Done on
ilo-point-n = Point { $n }
ilo-reports-title = Reports
ilo-reports-empty = No report case has been opened.
ilo-due-title = Reports due in the next six years
ilo-due-empty = No report is due in these years.

## The reporting calendar
ilo-calendar-title = ILO reporting calendar
ilo-calendar-intro = The reports China owes the ILO from { $from } to { $to } on the conventions it has ratified (article 22 of the ILO Constitution), and their cases.
ilo-from = From the year
ilo-due-count = { $count } reports due
ilo-open-case = Open the case
ilo-csv = Download CSV
ilo-type-first = First report
ilo-type-regular = Regular report
ilo-type-out_of_cycle = Out-of-cycle report
ilo-out-of-cycle-title = Record a request for an out-of-cycle report
ilo-out-of-cycle-help = When the Committee of Experts asks for a report outside the cycle, record it here: a case opens for the convention and year. The convention must be in force on 1 September of that year.
ilo-out-of-cycle-submit = Record the request and open the case

## Why a case was not opened or a step not taken
ilo-refused = The step was refused.
ilo-refused-report_not_due = No report on this convention is due that year. For a request of the Committee of Experts, use the out-of-cycle form below.
ilo-refused-not_reportable = No report can be requested that year: the convention is not in force for China on 1 September, or it is a final-articles convention.
ilo-refused-already_open = A case for this convention and year is already open.
ilo-refused-same_actor = The officer who sent the report for review cannot also approve it and send the copies: another conventions officer must.
ilo-refused-comment_required = This step needs a reason.
ilo-refused-transition_not_allowed = This step is not possible in the report's current state.
ilo-stale = The report is now at version { $version }; look at it again before taking the step.

## A report case
ilo-status-requested = Requested
ilo-status-drafting = Drafting
ilo-status-internal_review = Internal review
ilo-status-copies_sent = Copies sent to the social partners
ilo-status-submitted = Submitted to the ILO
ilo-status-comments_received = Comments received
ilo-action-start_drafting = Start drafting
ilo-action-send_for_review = Send for review
ilo-action-return_to_drafting = Return to drafting
ilo-action-send_copies = Approve and send copies to the social partners
ilo-action-submit = Submit to the ILO
ilo-action-receive_comments = Comments of the CEACR recorded
ilo-field-employers_organisation = Employers' organisation
ilo-field-workers_organisation = Workers' organisation
ilo-suggest-employers_organisation = China Enterprise Confederation (CEC)
ilo-suggest-workers_organisation = All-China Federation of Trade Unions (ACFTU)
ilo-reminders = Reminders
ilo-reminder-send_copies = Send copies to the employers' and workers' organisations by { $date }
ilo-reminder-submit = Submit the report to the ILO by { $date }
ilo-overdue = overdue
ilo-copies-sent-to = Copies sent to
ilo-copies-sent-on = Copies sent on
ilo-submitted-on = Submitted on
ilo-status-since = In this status since
ilo-tab-comments = Comments
ilo-comments-not-yet = The Committee of Experts' comments are recorded once the report has been submitted.
ilo-comment-form-title = Record a comment of the Committee of Experts on this report
ilo-comment-kind = Kind of comment
ilo-comment-year = Year of the CEACR session
ilo-comment-text_zh = Text in Chinese
ilo-comment-text_en = Text in English
ilo-points-help = One row per point the government must follow up; leave rows you do not need empty.
ilo-comment-submit = Record the comment
