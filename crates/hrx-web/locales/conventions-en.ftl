# The ILO conventions pages (register, convention, calendar, report cases).
