# The state awards: the laureate register and certificates, rounds, nominations, panels,
# reviewers.

aw-nav = State awards
aw-nav-reviews = My reviews
aw-nav-laureates = Award laureates
aw-menu = State awards pages
aw-home-title = State awards for foreign experts
aw-home-intro = The rounds of the Chinese Government Friendship Award and the International Science and Technology Cooperation Award, and the nominations in progress: those waiting for you come first.
aw-detail = Detail
aw-stale = The record is now at version { $version }; reload the page and try again.

# Codes, worded.
aw-award = Award
aw-award-friendship = Chinese Government Friendship Award
aw-award-istc = International Science and Technology Cooperation Award
aw-award-short-friendship = Friendship Award
aw-award-short-istc = ISTC Award
aw-unit-kind-province = province
aw-unit-kind-central = central body
aw-unit-kind-xpcc = Xinjiang Production and Construction Corps
aw-unit-kind-city = separately listed or sub-provincial city
aw-conferral = How it was conferred
aw-conferral-ceremony = At the ceremony
aw-conferral-conferred_abroad = Conferred abroad (at an embassy or consulate)
aw-conferral-supplementary = At a supplementary ceremony
aw-conflict = Conflict
aw-conflict-same_employer = Same employer
aw-conflict-same_unit = Same applying unit
aw-conflict-coauthor_or_joint_project = Co-author or joint project within 3 years
aw-conflict-family = Family ties
aw-conflict-referee = Referee in the file
aw-round-status = Round status
aw-round-status-planned = Planned
aw-round-status-open = Open for nominations
aw-round-status-closed = Closed
aw-round-status-past = Past round (history)
aw-history-status = Basis
aw-history-status-confirmed = Confirmed
aw-history-status-unconfirmed = Unconfirmed
aw-history-status-derived = Derived
aw-notice-count = Days counted as
aw-notice-count-calendar = Calendar days
aw-notice-count-working = Working days
aw-days-calendar = { $days ->
    [one] 1 calendar day
   *[other] { $days } calendar days
}
aw-days-working = { $days ->
    [one] 1 working day
   *[other] { $days } working days
}
aw-notice-none = None (no objection window)
aw-condition-kind-hard = Required
aw-condition-kind-preference = Preference
aw-condition-kind-judgement = Reviewers' judgement
aw-condition-kind-attestation = Attested by the applying unit
aw-body-mohrss = Ministry of Human Resources and Social Security (SAFEA)
aw-body-most = Ministry of Science and Technology (SAFEA)
aw-body-safea = State Administration of Foreign Experts Affairs (under MOHRSS from 2008)
aw-body-state_council = State Council (National Office for S&T Awards, MOST)

# The workflow.
aw-status = Status
aw-status-draft = Draft
aw-status-submitted = Submitted to the applying unit
aw-status-unit_review = Under review by the applying unit
aw-status-formal_check = Formal check
aw-status-public_notice = Public notice
aw-status-panel_review = Panel review
aw-status-initial_result_notice = Initial results on notice
aw-status-first_approval = Approved once (second approval due)
aw-status-approved = Approved
aw-status-conferred = Conferred
aw-status-objection_open = Objection open
aw-status-objection_resolved = Objection resolved
aw-status-suspended = Suspended
aw-status-withdrawn = Withdrawn
aw-status-rejected = Rejected
aw-status-disqualified = Disqualified
aw-status-carried_over = Carried over to the next round
aw-action-submit = Submit to the applying unit
aw-action-accept = Accept for unit review
aw-action-forward = Forward for the formal check
aw-action-pass_check = Pass the formal check (public notice)
aw-action-close_notice = Close the notice (panel review)
aw-action-close_review = Close the panel review (initial results)
aw-action-approve = Approve
aw-action-confer = Confer the award
aw-action-object = Record an objection
aw-action-resolve = Resolve the objection
aw-action-suspend = Suspend
aw-action-resume_review = Resume at the panel review
aw-action-resume_decision = Resume at the initial results
aw-action-resume = Resume the review
aw-action-carry_over = Carry over to the next round
aw-action-withdraw = Withdraw
aw-action-reject = Reject
aw-action-disqualify = Disqualify (lobbying)

# Refusals.
aw-refused = The step was refused.
aw-refused-window_closed = The window is closed: nothing can be lodged now.
aw-refused-window_closed-dates = The round takes nominations from { $from } to { $to }; today is { $today }.
aw-refused-window_closed-status = The round is “{ $status }”: it takes no nominations.
aw-refused-not_foreign = The expert's nationality is { $nationality }: the award is for foreign nationals only (Chinese citizens, residents of Hong Kong, Macao and Taiwan included, are not eligible).
aw-refused-already_laureate = The expert received the { $award } in { $year }: it is given once only.
aw-refused-second_channel = The expert (or the employer) is already nominated in this round through { $unit }: a file goes through one channel only.
aw-refused-text_too_long = The contribution has { $length } characters; this round allows { $limit }. Shorten it and send it again.
aw-refused-quota_exceeded = { $unit } may put forward at most { $quota } candidates in this round: its places are taken, or rank { $rank } is beyond its quota.
aw-refused-rank_taken = Rank { $rank } is already held by another candidate of { $unit }: choose another rank.
aw-refused-window_open = The notice runs until { $until }: objections may be lodged until then, and the file goes on only after it.
aw-refused-objection-late = The notice ended on { $until }: objections are no longer taken.
aw-refused-objection-no-window = This notice has no objection window (0 days): no objection can be lodged.
aw-refused-same_actor = You took the previous step of this file (or, for the second approval, the first approval or the closing of the review): another officer takes this one.
aw-refused-comment_required = Give a reason for this step.
aw-refused-transition_not_allowed = This step is not possible from the file's present status.
aw-refused-quorum_not_met = { $reviewed } of { $wanted } reviews are in: the review closes once every reviewer on the panel has scored.
aw-refused-no_next_round = There is no { $award } round for { $year } to carry the file over to: an administrator plans it first.
aw-refused-pool_too_small = The panel needs { $need } more reviewer(s), and the pool has { $free } without a declared conflict: add reviewers to the pool first.
aw-refused-already_reviewed = This reviewer has already scored the nomination: a conflict can no longer be declared, and a score is given once.
aw-refused-round_not_planned = The round has opened: it can no longer be edited.
aw-refused-status_not_allowed = The round cannot move to that status from its present one.
aw-another-unit = another applying unit
err-not_in_pool = Not in this award's reviewer pool.
err-out_of_scale = A score from 0 to 100.

# Labels.
aw-name = Name
aw-nationality = Nationality
aw-year = Award year
aw-field = Field
aw-field-help = As the laureate register will show it, e.g. “engineering”, “agriculture”.
aw-employer = Employer
aw-employer-help = The employing or inviting unit whose file it is (one channel per employer).
aw-expert = Expert
aw-unit = Applying unit
aw-unit-help = The unit the employer files through: a province's, a central body's, the XPCC's or a city's foreign experts authority.
aw-rank = Rank within the unit
aw-rank-help = The unit's candidates are put forward in ranked order, 1 first, within its quota.
aw-contribution = Main contribution
aw-contribution-help = At most { $limit } characters, as the round sets (a Chinese character or a letter counts one; spaces around the text do not).
aw-contribution-count = { $count } / { $limit } characters
aw-chars = { $count } characters
aw-since = Since
aw-round = Round
aw-window = Nomination window
aw-window-not-open = not taking nominations today
aw-nominations = Nominations
aw-nominations-empty = No nominations in this round.
aw-nominate = Nominate an expert
aw-nomination = Nomination
aw-nomination-new = New nomination
aw-nomination-save = Save the nomination (draft)
aw-quotas-title = Quotas
aw-quotas = { $major } per province, central body or the XPCC; { $city } per separately listed or sub-provincial city
aw-quota-major = Quota of a province, central body or the XPCC
aw-quota-city = Quota of a separately listed or sub-provincial city
aw-quota-help = Candidates each unit may put forward; 0 for no quota.
aw-quota-none = No quota
aw-quota-n = quota { $count }
aw-text-limit = Length limit of the contribution
aw-text-limit-help = In characters (2021 call: 600; 2016 and 2017: 800).
aw-notice-days = Public notice of accepted nominations
aw-notice-days-help = Days during which named objectors may object; 0 for none.
aw-result-notice-days = Notice of the initial results
aw-ceremony = Ceremony
aw-decision-body = Decision body
aw-decision-body-help = The body whose decision confers the award this round.
aw-source = Source
aw-source-link = Source
aw-opens-on = Nominations from
aw-opens-on-help = Both days of the window are included.
aw-closes-on = Nominations until
aw-recorded-by = Recorded by
aw-conditions = Conditions of the award year
aw-carried-in = carried over
aw-carried-from = Carried over from
aw-carried-from-link = The suspended file of the previous round
aw-notice = Notice
aw-notice-running = On { $notice } since { $from }; objections are taken until { $until }, and the file goes on after that day.
aw-notice-no-window = On { $notice } since { $from }: this round's notice has no objection window, so the file may go on at once.
aw-notice-was = Was on { $notice } from { $from } to { $until }.
aw-notice-was-no-window = Was on { $notice } from { $from } (no objection window).
aw-next-step = Next step

# The officer's home.
aw-rounds-title = Rounds planned and open
aw-rounds-empty = No round is planned or open.
aw-round-new = Plan a round
aw-queue-title = Nominations in progress
aw-queue-status = Nominations: { $status }
aw-queue-by-status = Nominations by status
aw-queue-in-progress = In progress
aw-queue-empty = No nominations here.
aw-waits-for-you = Waits for you
aw-waits-for-other = Another officer takes the next step (you took the last one)

# Rounds.
aw-round-edit = Edit the planned round
aw-round-save = Save the round
aw-round-create = Plan the round
aw-round-defaults-help = The fields are filled in with the award's rules; fill in the window. Use the defaults of:
aw-round-open = Open the round
aw-round-open-help = Officers may then nominate within the window; the round can no longer be edited.
aw-round-close = Close the round
aw-round-open-heading = Open the round?
aw-round-open-lead = Opening the round lets officers nominate within its window, and its quotas, limit and windows can no longer be edited.
aw-round-open-window = Nominations from { $window }
aw-round-open-go = Yes, open the round
aw-round-close-heading = Close the round?
aw-round-close-lead = Closing the round ends its nominations; it cannot be opened again. The nominations in it go on through their steps.
aw-round-close-count = { $count } nominations are in the round.
aw-round-close-go = Yes, close the round

# The file.
aw-objections = Objections
aw-objector-name = Objector's name
aw-objector-contact = Objector's contact
aw-objection-text = The objection
aw-objector-withheld = Objector not shown
aw-objectors-help = Objectors are named (anonymous objections are not taken); their names and contacts are kept from the nominee's side.
aw-monetary = Amount awarded (CNY)
aw-monetary-help = Only where a record states an amount (no cash prize is established, spec U5); “100,000” or “10万”.
aw-conferred-on = Conferred on
aw-panel = Review panel
aw-panel-count = { $reviewed } of { $wanted } reviews are in.
aw-panel-none = No panel is drawn yet: it is drawn at random from the pool once the file is under panel review.
aw-panel-draw = Draw the panel at random
aw-panel-draw-help = From the award's pool of { $pool }, reviewers with a declared conflict left out.
aw-panel-hidden = The scores are shown once every reviewer on the panel has scored.
aw-panel-score = Combined score
aw-panel-passes = passes (at least { $pass })
aw-panel-fails = below the pass score { $pass }
aw-reviewer = Reviewer
aw-reviewed = Reviewed
aw-reviewed-yes = Scored
aw-reviewed-not-yet = Not yet
aw-score = Score
aw-score-give = Give your score
aw-score-help = From 0 to 100; the other reviewers do not see it until all are in.
aw-score-save = Save the score
aw-my-score = Your score
aw-conflicts = Declared conflicts (recusals)
aw-conflicts-none = No conflict declared.
aw-conflict-declare = Declare a conflict
aw-conflict-declare-mine = Declare my conflict
aw-conflict-mine-help = You will leave the panel of this nomination, and it leaves your list.
aw-conflict-reason = Reason
aw-conflict-note = Note
aw-conflict-declared = declared by { $by }, { $at }
aw-confirm-panel-score = The panel's combined score: { $score } (pass score { $pass }).
aw-confirm-below-pass = The panel's score is below the pass score.
aw-confirm-conferred-on = Conferred on { $date }
aw-confirm-register = { $name } enters the public laureate register.
aw-confirm-carry-over = The file goes on in the { $award } round of { $year }, at the panel review.

# Reviewers.
aw-reviews-title = Nominations I review
aw-reviews-intro = The nominations you are drawn for. Score each one from 0 to 100, or declare a conflict of interest and leave its panel.
aw-reviews-empty = You are not on any panel.
aw-pool-title = Reviewer pools
aw-pool-intro = The panels of an award are drawn at random from its pool, reviewers with a declared conflict left out.
aw-pool-count = { $count } reviewers in the pool
aw-pool-empty = The pool is empty.
aw-pool-add = Add to the pool
aw-pool-user = User
aw-pool-user-help = Reviewers are listed first.
aw-pool-no-users = Every user who may review is in the pool.

# The public register.
aw-register-title = Laureates of the state awards for foreign experts
aw-register-intro = Foreign experts who received the Chinese Government Friendship Award or the International Science and Technology Cooperation Award and are recorded here, with the published history of every round below.
aw-register-search = Name, field or employer
aw-register-find = Search
aw-register-count = { $count ->
    [one] 1 laureate recorded
   *[other] { $count } laureates recorded
}
aw-register-empty = No laureate matches.
aw-certificate = Certificate
aw-certificate-open = Certificate
aw-history-title = The rounds and their totals
aw-history-intro = Laureates per round and the cumulative totals as the sources state or derive them; “Recorded” counts the laureates recorded here.
aw-history-laureates = Laureates
aw-history-organisations = + { $count } organisation(s)
aw-history-cumulative = Cumulative
aw-history-recorded = Recorded
aw-history-summary = { $count } laureates by the end of { $year }.
aw-history-help = Derived: computed from the totals of neighbouring years. Unconfirmed: a single or unofficial source.
aw-istc-sources-differ = Sources differ on the total at the end of 2009: the 2010 white paper gives { $published }, while Xinhua's figures give { $count } ({ $before } laureates before the 2009 round and { $round } in it), { $gap } more. HRX keeps { $published } as the published figure and shows its own count from the sources beside it.
aw-back-register = Back to the register
aw-cert-kind = Certificate of Award
aw-cert-issuer-friendship = Government of the People's Republic of China
aw-cert-issuer-istc = State Council of the People's Republic of China
aw-cert-citation-friendship = { $name } is awarded the Chinese Government Friendship Award for { $year } for an outstanding contribution to China's economic and social development.
aw-cert-citation-istc = { $name } is awarded the International Science and Technology Cooperation Award of the People's Republic of China for { $year } for an important contribution to China's science and technology.
aw-cert-qr = Scan to check this certificate in the public register
