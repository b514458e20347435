# convgen's messages in English. Each id is a `Message` of src/i18n/messages.rs; French in
# fr.ftl, with the same ids and the same arguments (a test holds both to the list).

## Printing diagnostics

error-line = error: { $text }
warning-line = warning: { $text }
help = help: { $text }
in-file = in { $file }
key-note = key: { $key }
headline = { $place }: { $message }
checked = checked { $files ->
        [one] 1 file
       *[other] { $files } files
    }: { $valid } valid, { $invalid } invalid, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }
and-more = (and { $count ->
        [one] 1 more problem
       *[other] { $count } more problems
    })

## Reading a file

the-file = the file
table = `[{ $path }]`
a-string = a string
an-integer = an integer
a-float = a float
a-boolean = a boolean
a-date = a date
an-array = an array
a-table = a table
an-array-of-tables = an array of tables
a-date-example = a date (2024-01-01)
a-table-of-amounts = a table of yearly amounts ({"{"} 2024 = 12000 {"}"})
must-be = must be { $expected }, found { $found }
unknown-key = unknown key
not-a-key = not a key of the format
did-you-mean-key = did you mean `{ $close }`?
keys-allowed = keys allowed here: { $keys }
missing-key = missing key `{ $key }` in { $table }
required-here = `{ $key }` required here
must-not-be-empty = must not be empty
longer-than = longer than { $count } characters
control-character = contains the invisible control character U+{ $code }
line-break = must be on one line: it holds a line break (U+{ $code })
quoted-date = dates are written without quotes
write-key = write `{ $text }`
date-without-time = must be a date without time (2024-01-01)
whole-number = must be a whole number from { $min } to { $max }
expected-one-of = expected one of: { $values }
did-you-mean-value = did you mean "{ $close }"?
unknown-value = unknown value "{ $value }"
at-least-one-year = must give at least one year
key-is-a-year = a key of `{ $key }` must be a year
invalid-toml = invalid TOML: { $detail }
empty-file = the file is empty
new-prints-an-example = `convgen new ctg` prints a commented example to start from
file-larger-than = file larger than { $mib } MiB
not-utf8 = file is not valid UTF-8
save-as-utf8 = save the file as UTF-8
nested-deeper = arrays or inline tables nested deeper than { $levels } levels
cannot-name-a-file = "{ $reference }" cannot name a file
reference-characters = use letters, digits, `.`, `_` and `-`, starting with a letter or a digit
not-nine-digits = "{ $value }" is not a SIREN: 9 digits expected
wrong-check-digit = SIREN "{ $value }" has a wrong check digit
luhn-checksum = a SIREN passes the Luhn checksum: check for a mistyped digit
not-an-email = "{ $value }" is not an e-mail address
amount-negative = an amount cannot be negative
amount-decimals = an amount has at most two decimals (cents)
amount-too-large = an amount must stay below one billion euros
not-an-amount = not an amount: write 12500, 12500.5, "12500.50" or "12 500,50"
no-font-has-it = `{ $character }` (U+{ $code } { $name }) cannot be displayed by any available font
give-a-font = give a font that has it: `--font-path DIR`, or a `fonts/` folder beside the templates
still-to-complete = « { $value } » is still to be completed
complete-before-sending = give the real value: a convention with a value « à compléter » is neither rendered for signature nor sent

## The rules of a convention

too-many-items = { $count } { $what }: a convention holds at most { $limit }
too-many-actions = { $count } actions in all: a convention holds at most { $limit }
split-the-convention = split the convention, or check the file was generated right
period-ends-before-it-starts = the period must end after it starts ({ $start })
lasts-at-most = a { $kind } lasts at most { $years } years
must-end-by = starting on { $start }, it must end by { $end }
fewer-copies = { $copies } copies for { $parties } signing parties: each party keeps an original
signed-after-the-period = signed after the end of the period
amended-convention-over = the convention ended on { $end }: it can no longer be amended; a new convention is needed
amended-convention-unsigned = the amended convention is neither dated nor back signed: if it is not signed yet, correct it directly rather than amend it
earlier-avenant-unsigned = avenant no. { $number }, cited in the preamble, has no signature date: it must be signed before this one. Give its signature date or, if it is not to be signed, withdraw it and prepare this avenant from the signed text
date-the-signed-avenant = signed before that date, this avenant is dated: give its signature date (« Signature : Date »); otherwise it can no longer be signed
prolonged-without-funding = the avenant prolongs the convention over { $years }, with no amount for { $years }: give the amount of each funding line that goes on (« Financement »), or do not prolong it
avenant-edited-since-prepared = edited since it was prepared, this avenant no longer says what the convention's version it was drawn from says ({ $changes }): report this change in the convention's file (`{ $base }`, the same field), or undo it in the avenant, so that both say the same
convention-changed-beyond-avenant = the convention changed without this avenant saying it ({ $changes }): if the avenant is to say it, prepare it again from the convention's « Versions… »; otherwise, undo this change in the convention
period-already-over = the period of this draft is already over (on { $end }): adjust it
period-already-started = the period of this draft has already started (on { $start }): adjust it
deliberation-after-signature = the délibération is dated after the signature
year-outside-the-period = { $year } is outside the period ({ $first }-{ $last })
reference-year = carries the year { $year } while the period starts in { $start }
rename-the-reference = a reference that follows its period is not mistaken for the convention before or after it: rename it (the year { $start }) before sending it
title-years = says { $said } while the period runs from { $first } to { $last }
title-follows-the-period = the cover and the sending message print the title as it is, next to the period's dates: give it the period's years ({ $first }-{ $last }), or remove it, as the default title follows the period
label-year = the label names { $year }, the line funds { $funds }: give the label the year funded, or the amount to the label's year
no-such-axis = axis { $axis } does not exist: the file has { $count } axes
partner-funder-unnamed = a line funded by a partner names it
add-funder-name = add `funder_name = "…"`
funder-name-only-for-partners = `funder_name` is only for `funder = "partner"`
cej-line-names-who-is-paid = a CEJ line names who is paid
add-beneficiary = add `beneficiary = "…"`: the gestionnaire of the équipement, or the collectivité
psej-in-a-ctg = the PSEJ belongs to CEJs: a CTG is funded by bonus territoire lines
bonus-in-a-cej = bonus territoire lines belong to CTGs: a CEJ is funded by the PSEJ
bonus-equipment = a "{ $kind }" line funds the équipement "{ $bonus }", not "{ $equipment }"
bare-other-field = a bare `autre` field is named after its axis: « { $title } »
name-the-field = name the field: `{"{"} autre = "Sport et loisirs" {"}"}`
no-cej-after-2019 = no CEJ starts after 2019: since the Cnaf circular n° 2020-01 of 16 January 2020, a CTG replaces each CEJ as it ends
draw-up-a-ctg = draw up a CTG (`kind = "ctg"`), or let `convgen renew` turn the CEJ it continues into one
ctg-domains = a CTG covers early childhood, youth and parenting support; missing: { $missing }
add-the-domain = add the domain to an axis, or an axis for it
only-an-avenant-has = only an avenant has `{ $key }`
write-kind-avenant = write `kind = "avenant"`, or remove the key
avenant-must-give = an avenant must give { $keys }
avenant-command = `convgen avenant OLD NEW` writes an avenant from two versions of a convention
avenant-own-reference = an avenant has a reference of its own, not the convention's
for-example-reference = for example `reference = "{ $reference }"`
amended-is-ctg-or-cej = the convention amended is a `ctg` or a `cej`
avenant-outside-the-period = the avenant takes effect outside the period of the convention
avenant-changes-nothing = this avenant changes nothing in the convention
avenant-changes-an-earlier-year = the avenant takes effect in { $effective } but changes the amount for { $year }: an avenant does not go back on a year before it takes effect
avenant-signed-after-a-year = without « Prise d’effet », the avenant takes effect when signed, in { $signed }, but changes the amount for { $year }: an avenant does not go back on a year before it takes effect
avenant-changes-past-year = without « Prise d’effet » or a signature date, the avenant will take effect when signed, today at the earliest, but changes the amount for { $year }, a year gone by: an avenant does not go back on a year before it takes effect
move-effective-or-keep-year = give « Prise d’effet » a date in { $year } at the latest, or give { $year } back the amounts it had before the avenant
keep-year-or-split-joining = as { $partner } cannot join before its délibération, give { $year } back the amounts it had before the avenant, or change them by an avenant apart from its joining
joining-before-deliberation = { $partner } joins by this avenant, but its délibération ({ $deliberation }) is later than the avenant takes effect ({ $effective }): a partner cannot be bound before its deliberating body authorised it
move-effective-or-split-joining = move « Prise d’effet » to { $deliberation } or later, or make the joining an avenant of its own
effective-before-deliberation = the avenant takes effect on { $effective }, in a year before a délibération that authorises it ({ $deliberation }): it goes back to an exercise past
justify-or-move-effective = if that past exercise is indeed the one the avenant changes, say why in « Motif de l’avenant »: a retroactive effect is to be justified; otherwise move « Prise d’effet » to { $deliberation } or later and give the earlier exercises back their amounts from before the avenant
give-each-part-changed = under `[previous]`, give each part the avenant changes as it stood before
cej-not-prolonged = a CEJ cannot be prolonged by avenant: this one ends on { $end }, as signed
renew-replaces-a-cej = since the Cnaf circular n° 2020-01, a CTG replaces each CEJ as it ends: `convgen renew` drafts it
duplicate-reference = duplicate reference "{ $reference }" in this batch
already-uses = `{ $file }` already uses it: give each convention its own reference

## Workbooks

in-book = { $book }: { $problem }
at-cell = { $at } (column `{ $column }`): { $problem }
at-cell-value = { $at } (column `{ $column }`, value `{ $value }`): { $problem }
reference-used-by-row = reference `{ $reference }` is used by row { $row } too
no-convention-row = no row of `conventions` has this reference (sheet `{ $sheet }`)
unknown-sheet = unknown sheet `{ $sheet }`
unknown-sheet-did-you-mean = unknown sheet `{ $sheet }` (did you mean `{ $close }`?)
missing-sheet = missing sheet `{ $sheet }`
unknown-column = unknown column `{ $column }`
unknown-column-did-you-mean = unknown column `{ $column }` (did you mean `{ $close }`?)
no-reference-column = no column `reference`
imported-from =
    # Imported from `{ $book }` (sheet `conventions`, row { $row }).
    # Check it with `convgen check FILE`, render it with `convgen render FILE`.
party-is-caf-or-number = `party` is `caf` or the `number` of a row of `partenaires`
number-given-twice = `{ $column }` { $number } is given to another row of this convention
number-is-the-order = `{ $column }` is a whole number from 1: the order of the rows
axis-is-a-number = `axis` is the `number` of a row of `axes`
article-is-a-number = `article` is the `number` of a row of `articles`
avenant-row-skipped = `{ $reference }` is an avenant: it stays a file of its own (drawn up by `convgen avenant`), a workbook carries conventions; row skipped
kept-from-the-file = { $file }: the workbook has no sheet `{ $sheet }`: what the file held there is kept as it was
cell-holds-error = the cell holds the error { $error }
not-cents = { $number } is not an amount in euros and cents: at most two decimals
annex-sheet-not-read = the sheet `{ $sheet }` is not read: it sums up the amounts for information; an amount is changed in the sheet `{ $funding }`

## Templates and Typst

template-problem = template: { $detail }
typst-problem = { $detail }
line-comes-from = note: this line comes from `{ $origin }`

cannot-produce = cannot produce `{ $reference }` from `{ $file }`
generated-from = note: the document was generated from `{ $template }`; `convgen render --format typ` writes the generated source

## Files

cannot-read = cannot read `{ $path }` ({ $reason })
cannot-write = cannot write `{ $path }` ({ $reason })
cannot-create = cannot create `{ $path }` ({ $reason })
symbolic-link = a symbolic link: only regular files are read in a folder
not-regular = not a regular file
larger-than = larger than { $size }
link-not-written-through = `{ $path }` is a symbolic link: nothing is written through one
not-a-folder = `{ $path }` is not a folder
not-inside = `{ $path }` does not lie inside `{ $root }`
not-found = No such file or directory
permission-denied = Permission denied
already-exists = File exists
os-error = { $detail }
file-changed = the file changed since it was read (etag `{ $current }`)
file-exists = `{ $path }` exists already
file-problem = `{ $path }`: { $detail }
not-a-pdf = not a PDF
no-attached-source = the PDF has no attached convention file: it was not made by convgen
pdf-damaged = { $detail }

text = { $text }

## Batches and commands

internal-error = internal error ({ $detail })
killed-by-signal = killed by signal { $signal }
exited = exited, { $status }
worker-stopped = the worker process rendering it stopped ({ $how })
cannot-write-manifest = cannot write the manifest in `{ $dir }` ({ $reason })
wrote = wrote { $path }
wrote-document = wrote { $path } ({ $pages ->
        [one] { $pages } page
       *[other] { $pages } pages
    })
rendered = rendered { $rendered }, skipped { $skipped } (unchanged), failed { $failed }, in { $seconds } s ({ $rate } documents/s) into `{ $dir }`
sent-to = sent { $reference } to { $to }
wrote-message = wrote { $path }
already-sent = { $reference }: already sent on { $time }, not sent again (`--resend` to force)
not-sent = { $reference } (`{ $file }`): { $reason }
send-interrupted = a run stopped while sending it on { $time }: it may have reached its recipients; check, then send with `--resend`
journal-before = not sent: the journal cannot be written ({ $reason })
journal-after = sent, but the journal could not be written ({ $reason })
sent-messages = sent { $sent ->
        [one] { $sent } message
       *[other] { $sent } messages
    }, { $skipped } already sent, { $failed } failed
wrote-messages = wrote { $sent ->
        [one] { $sent } message
       *[other] { $sent } messages
    }, { $skipped } already sent, { $failed } failed
kept-previous = kept the previous text of { $file } in `{ $history }`
skipped-exists = skipped `{ $path }`: it exists (`--force` to overwrite)
unchanged-file = `{ $path }` left as it is: it already says what its row says
imported = imported { $written ->
        [one] { $written } convention
       *[other] { $written } conventions
    }, skipped { $skipped } (files exist), refused { $refused }
exported = exported { $conventions ->
        [one] { $conventions } convention
       *[other] { $conventions } conventions
    } to `{ $path }`, { $avenants ->
        [one] { $avenants } avenant
       *[other] { $avenants } avenants
    } left out, { $failed } failed
avenant-left-out = note: { $path }: an avenant stays a file of its own; a workbook carries conventions
avenant-exists = `{ $path }` exists: give another `--number`, or `--force` to replace it
wrote-avenant = wrote { $file } and { $pdf } (avenant n° { $number } to `{ $base }`)
cej-prolonged = a CEJ cannot be prolonged by avenant: `{ $reference }` ends on { $end } as signed, the new version on { $new_end }; since the Cnaf circular n° 2020-01, a CTG replaces each CEJ as it ends (`convgen renew` drafts it)
kind-changed = `{ $old }` is a { $old_kind } and `{ $new }` a { $new_kind }: an avenant keeps the kind of the convention it amends
nothing-changed = nothing changed between the two versions of `{ $reference }`: there is no avenant to write
signatories-only = only the signatories of `{ $reference }` changed: a new signatory (a mayor elected, a director appointed) needs no avenant, the convention binds the body and the Caf, not the person who signs; the next avenant or the renewal will be signed by the new signatory
no-signatory-email = no signatory has an e-mail address: give one to whoever must receive the convention (a signatory's « E-mail » in the form, `email` in the file)
no-email-for = { $reference }: without an e-mail address, will not receive the message: { $names }
value-to-give = { $place }: to be completed
not-an-amount-typed = not an amount: write for instance 12,500 or 12,500.50

## Renewing CEJs

not-a-cej = not a CEJ ({ $kind })
not-expiring = expires on { $end }, not before { $before }
latest-renewed = { $avenant ->
        [0] the CEJ as signed
       *[other] avenant n° { $avenant }
    }: its latest version `{ $latest }` is renewed
grouped-with = grouped with { $others } other CEJ
draft-kept = the draft it replaces is kept as version `{ $kept }` in `{ $history }`
draft-invalid = the drafted CTG does not pass `check`: { $problems }
renewed-summary = renewed { $renewed } CEJ into { $drafts ->
        [one] { $drafts } CTG
       *[other] { $drafts } CTGs
    }, skipped { $skipped }, { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    }; report in `{ $report }`
name-the-signatory = name the signatory of { $epci }
ctg-covers-domain = a CTG must cover « { $domain } », which the CEJs taken over do not: add an axis for it, or this domain to an axis
council-renamed = « Conseil général », the name before March 2015 (law n° 2013-403 of 17 May 2013), becomes « Conseil départemental » in the draft: check it, and check the signatories taken from the CEJ, who may have changed since
deliberations-to-renew = the CEJ's délibérations do not authorise signing the CTG: number and date of each new délibération to complete
list-separator = ;{" "}
renewed-line = { $reference } line { $line } « { $label } »: { $note }
psej-without-bonus = PSEJ for équipement « { $equipment } » has no bonus territoire: carried as « Other », to review
psej-without-equipment = PSEJ for no équipement has no bonus territoire: carried as « Other », to review
one-off-not-carried = one-off funding, not carried over
carried-at-constant-amount = carried over at constant amount, to review
drafted-from = CTG drafted by `convgen renew` from:
drafted-from-cej = { "  " }{ $reference } ({ $file }, { $start } to { $end })
to-review =
    To review before signature:
    - the délibérations authorising the signature (those of the CEJ, kept, have their number and date to complete);
    - the signature date and the number of copies;
    - the axes and actions, carried over from the CEJ: a CTG rests on a shared diagnostic;
    - the funding: PSEJ lines became bonus territoire lines at constant amount (last CEJ year).
## verify and calendar

verified-file = `{ $file }` — { $reference }
verified-unknown-file = `{ $file }` — unknown reference
verify-status = status: { $status }
verify-signed = signed
verify-partially-signed = partially signed: waiting for { $missing }
verify-unsigned = unsigned
verify-no-electronic-signature = no electronic signature
verify-invalid = invalid
verify-original = original: { $original }
original-identical = identical to the PDF convgen generated
original-different = different from the PDF convgen generated
original-unknown = not found — this workspace has no record of generating it, nor the source to generate it again
original-unidentified = this PDF does not carry the reference of { $reference } (no attached source, no fingerprint of a PDF generated here): it could not be compared with the document generated (a scanned copy?); check it by eye
original-unidentified-file = this PDF carries no convention's reference (no attached source, no fingerprint of a PDF generated here): it could not be compared with the document generated (a scanned copy?); check it by eye
verify-changes = changes: { $changes }
changes-none = none
changes-signatures-only = signatures only
changes-modified = document modified after generation
changes-not-compared = cannot tell: nothing to compare this PDF with
column-signatory = signatory
column-signed = signed
column-signer = certificate
column-time = time
column-intact = intact
column-trusted = trusted
yes = yes
no = no
signatory-of = { $name } ({ $party })
other-field = other field `{ $field }`
signature-problem = { $who }: { $problem }
problem-byte-range = its byte range does not cover a revision of the file less the signature
problem-not-cms = the signature is not a readable CMS SignedData ({ $detail })
problem-signers = the signature has { $count } signers instead of one
problem-no-signer-certificate = the signer's certificate is not in the signature
problem-unsupported = algorithm { $algorithm } is not supported
problem-no-message-digest = the signed attributes give no digest of the document
problem-digest = the signed bytes changed: their digest is not the one signed
problem-signature = the signature is not valid for the certificate's key
problem-key = the certificate's key cannot be read ({ $detail })
problem-no-issuer = no trusted certificate issued `{ $name }`
problem-expired = `{ $name }` was not valid when the document was signed
problem-chain-too-long = the certificate chain is too long
trust-unreadable = `{ $path }`: not a certificate ({ $detail })
verdict-recorded = { $count ->
        [one] 1 verdict
       *[other] { $count } verdicts
    } recorded in `{ $manifest }`
verdict-not-recorded = `{ $file }`: no PDF of this convention in `{ $manifest }`, the verdict is not recorded there
verified = { $files ->
        [one] 1 file
       *[other] { $files } files
    } verified, { $signed } signed
state-draft = draft
state-sent = sent
state-partially-signed = signed ({ $signed }/{ $expected })
state-signed = signed
state-to-check = to check
signed-too-large = this file is larger than { $limit } MiB: a larger signed PDF is not accepted
signed-not-pdf = this file is not a PDF (it does not begin with `%PDF-`): drop the signed PDF the signing platform returned
signed-unreadable = this PDF cannot be read: { $detail }
signed-other-convention = this PDF is convention { $found }, not { $expected }: drop it on the list or on its own convention's page
signed-no-reference = this PDF's reference cannot be found (no attached source, no identical PDF generated): drop it on its convention's page
signed-is-draft = this PDF is the draft of { $reference } produced by convgen ("PROJET" watermark), with no signature at all: it is not a signed return; nothing was kept
signed-is-produced = this PDF is the PDF of { $reference } produced by convgen, with no signature at all: it is not a signed return; nothing was kept
signed-unknown-convention = no convention `{ $reference }` in this folder
signed-already-received = this very file was already received on { $day }: it is kept once, as { $file }
signed-not-recorded = the verdict is not recorded: { $reference } was not generated in this workspace yet (no final PDF in the manifest)
calendar-name = Convention deadlines
event-end = End of convention { $reference } ({ $territory })
event-end-detail = “{ $title }” ends on { $end }.
event-renewal = Prepare the renewal of { $reference } ({ $territory })
event-renewal-detail = Convention { $reference } ends on { $end }: six months to prepare the next one with the partners.
event-effective = Avenant { $reference } to { $base } takes effect
event-effective-detail = Avenant no. { $number } to convention { $base } takes effect on { $effective }.
event-reminder = Remind the signatories of { $reference } ({ $territory })
event-reminder-detail = Convention { $reference }, sent on { $sent }, has not come back signed.
calendar-written = { $events ->
        [one] 1 deadline
       *[other] { $events } deadlines
    } of { $conventions ->
        [one] 1 convention
       *[other] { $conventions } conventions
    } in `{ $path }`
## Step 20: text and new keys

copies-on-paper-only = `copies` counts paper originals: a convention signed electronically has none (each party keeps a copy on a durable medium)
group-not-consecutive = the partners of group « { $group } » follow one another: partner { $first } is in it, and those between are not
keep-group-together = give the partners of a group one after the other
group-of-one = group « { $group } » holds one partner: a group is several partners signing as one party
after-and-replace = a clause goes `after` a standard article or `replace`s one, not both
keep-after-or-replace = keep `after` or `replace`
replaced-twice = another clause already replaces the article `{ $article }`
cannot-replace = the article `{ $article }` cannot be replaced: the convention needs what it says
write-after-instead = write `after = "{ $article }"` to add a clause after it
annex-path = `{ $file }` is not a PDF in the convention file's folder
annex-beside-the-file = give the PDF's path from the folder of the convention file, ending in `.pdf`, without `..`: `annexes/diagnostic.pdf`
annex-encrypted = the PDF is encrypted or protected by a password: save it without protection
annex-damaged = the PDF cannot be read: it is damaged; save it again from the program that made it
annex-too-many-pages = the PDF has { $pages } pages: an annex has at most { $limit }
pilotage-over-15 = in { $year }, pilotage (coordination, diagnostic) takes { $pilotage } of the Caf's PSEJ of { $psej }, more than 15 %{ $others ->
        [0] {""}
        [one] {" "}(and in one other year)
       *[other] {" "}(and in { $others } other years)
    }
lower-pilotage = the CEJ's conditions générales keep at least 85 % of the PSEJ for the accueil of children and young people: lower the coordination and diagnostic lines
seat-missing = this party has no seat, while { $given } of the { $parties } parties { $given ->
        [one] has
       *[other] have
    } one
every-seat-or-none = give every party its seat, or none: a jurist reads a seat left out as a party left incomplete
date-of-the-former-deliberation = this is the date of the délibération carried over: give the new délibération’s, with its number
deliberation-long-before-period = this délibération is more than two years older than the start of the period ({ $start }): if it is the former convention’s, give the date of the one authorising this convention
changed-since-signed = the convention is dated as signed on { $date } and its file has changed since: a final PDF would not be the text signed. Download the text signed, or the file changed as a draft
changed-since-signed-send = the convention is dated as signed on { $date } and its file has changed since: it cannot be sent as the final version to sign. Send it as a draft, or make its changes an avenant
avenant-to-a-convention-over-send = the convention amended ended on { $end }: an avenant can no longer amend it, it is not sent as the final version to sign. Send it as a draft to discuss it, withdraw it (« Retirer cet avenant »), or prepare a new convention
avenant-to-a-convention-over-pdf = the convention amended ended on { $end }: an avenant can no longer amend it, its final PDF is not produced. Download it as a draft to discuss it, withdraw it (« Retirer cet avenant »), or, if it was signed before that date, give its signature date
deliberation-before-base = this délibération predates the signature of the convention amended ({ $signed })
new-deliberation = each party signs an avenant under a délibération of its own: give its date and number

## A team's workspace, behind the Caf's proxy
serve-behind-proxy = convgen serve: { $dir } — for a team, behind its proxy (users open { $public }), listening on { $address }
proxy-needs-user-header = `--auth proxy` needs `--user-header NAME`, the header in which the proxy names the user
proxy-needs-trusted-proxy = `--auth proxy` needs `--trusted-proxy CIDR`, the addresses the proxy reaches the workspace from
proxy-option-invalid = `{ $option } { $value }`: not a usable value (a header name; a network such as `10.0.0.0/8`; an address such as `https://convgen.caf.example`)
proxy-option-without-proxy = `{ $option }` is for `--auth proxy` only
avenant-from-invalid = the “De” (from) version ({ $version }) has errors — { $problem }: choose a valid version (marked “valide” in the list)
avenant-to-invalid = the “À” (to) version ({ $version }) has errors — { $problem }: mend it, or choose a valid version (marked “valide” in the list)
current-version = the file as it is now
saved-version = the version of { $when }
sent-version = the version sent on { $when }
left-by-avenant = the convention as avenant no. { $number } leaves it
avenant-not-taken-in = the changes of avenant no. { $number } and those made since in the file touch the same lines: carry the avenant's over by hand (« Voir les changements » from the convention as avenant no. { $number } leaves it); nothing was written
avenant-would-undo = the convention's file does not take in what avenant no. { $number } changes: an avenant prepared from here would undo it; take it in the convention first (« Reprendre l’avenant n° { $number } dans la convention »); nothing was written
avenant-from-its-convention = an avenant is prepared from the page of the convention it amends, not from an avenant's; nothing was written
avenant-in-error = avenant no. { $number } has errors: correct it first, or withdraw it if it will not be signed (« Retirer cet avenant », on its page); a new avenant would repeat its change or build on a text no one can sign; nothing was written
avenant-not-signed-not-taken-in = avenant no. { $number } is neither dated nor back signed: the convention's file takes in only what signed avenants change; if it was signed, give its signature date on its page, else withdraw it (« Retirer cet avenant »); nothing was written
withdraw-only-avenant = only an avenant prepared and not signed can be withdrawn; a convention is amended by avenant; nothing was withdrawn
withdraw-signed = avenant no. { $number } is signed: it cannot be withdrawn, a new avenant amends it; nothing was withdrawn
withdraw-not-last = avenant no. { $later } follows avenant no. { $number }: withdraw avenant no. { $later } first; nothing was withdrawn

## What stops a command before it begins

password-in-settings = `{ $file }`: the SMTP password is read only from { $variable }
settings-problem = `{ $file }`: { $problem }
no-sender = no sender: give `--from`, CONVGEN_MAIL_FROM or `from` in the `[mail]` table of convgen.toml
bad-address = { $what } `{ $address }`: { $reason }
bad-rate = rate `{ $rate }`: write a number of messages per minute, as `30/min`
no-smtp-server = no SMTP server: give `--smtp`, CONVGEN_SMTP_URL or `smtp` in convgen.toml (or `--dry-run DIR`)
no-smtp-password = the SMTP URL names a user: set { $variable }
templates-unreadable = cannot read templates directory `{ $dir }`: { $reason }
template-too-large = template file `{ $path }` is too large
cannot-serve = cannot serve ({ $reason })
cannot-write-workbook = cannot write the workbook ({ $reason })
no-randomness = no randomness for the workspace's token ({ $reason })
not-a-date = `{ $text }` is not a date: write YYYY-MM-DD

## The workspace's answers

serve-no-convention = no convention `{ $reference }` in this folder
serve-ambiguous = several files declare the reference `{ $reference }` ({ $files }): open them from the list and give each its own
serve-file-has-errors = the file has errors: correct them to { $purpose }
serve-annex-not-pdf = this file is not a PDF: an attached annex is a PDF
serve-too-many-annexes = too many annexes named `{ $name }`
to-produce-the-pdf = produce the PDF
to-see-its-pages = see its pages
to-send-it = send it
page-names = the pages are `1.png`, `2.png`…
draft-pages = the draft has { $pages ->
        [one] { $pages } page
       *[other] { $pages } pages
    }
send-the-etag = send the etag you read, in an `If-Match` header
file-changed-since-opened = the file changed since it was opened: reload it; your text stays on the page
edit-not-toml = the file is not valid TOML: correct its source first ({ $detail })
edit-no-such-key = no `{ $key }` in the file
edit-bad-path = `{ $key }` is not a key path (`partners[2].signatories[1].name`)
edit-bad-value = impossible value for `{ $key }`
ambiguous-amount = `{ $typed }`: { $thousands } or { $decimal }? Say which amount.
kind-is-ctg-or-cej = the kind is `ctg` or `cej`
exists-or-reference-taken = `{ $file }` exists already, or another file declares this reference
not-in-the-history = this version is not in the history
cej-end-as-date = end date of the CEJs: write YYYY-MM-DD
ctg-start-as-date = start of the CTGs: write YYYY-MM-DD
renew-periods-over = without a start, these CTGs would begin the day after their CEJ ends and be over already: choose their start, or renew them anyway; nothing was written
renew-drafts-replaced = these CTG drafts exist already and differ from what the renewal would write (edited since, perhaps): replace them (their current text stays in their history), or cancel; nothing was written
row-over-file-with-errors = the file has errors: the workbook row replaces it whole
ctg-lasts-one-to-five-years = a CTG lasts 1 to 5 years
sending-off = sending is not set up on this computer ({ $why })
not-a-workbook = this file is not an .xlsx or .ods workbook
version-unchanged = no change
version-reformatted = file layout only, same content
version-change = { $article }: { $subject } { $change ->
        [added] added
        [added-feminine] added
        [removed] removed
        [removed-feminine] removed
       *[other] changed
    }
version-funding = funding: { $line }
version-funding-years = funding: { $line } ({ $years })
version-more = and { $count ->
        [one] { $count } other change
       *[other] { $count } other changes
    }
version-has-errors = one of the two versions has errors: correct it, or choose another
only-through-proxy = this workspace answers only through the Caf's proxy
sign-in-through-caf = sign in through the Caf's authentication
only-own-address = this workspace answers only at its own address
no-other-site = a request from another site is not accepted
changes-from-the-page = a change must come from the workspace's page
open-with-token = open the address `convgen serve` printed, with its token

## Mail

smtp-url-invalid = the SMTP URL is not valid ({ $detail })
smtp-url-password = the SMTP URL holds a password: remove it and set { $variable }
smtp-url-no-host = the SMTP URL names no host
smtp-url-tls = unknown `tls={ $value }`: use `tls=starttls`
smtp-url-scheme = unknown scheme `{ $scheme }`: use smtp:// or smtps://
mail-tls = TLS setup failed ({ $detail })
mail-refused = refused by the server: { $detail }
mail-unreachable = failed after { $attempts } attempts: { $detail }
mail-retry = temporary failure ({ $detail }); new attempt in { $seconds } s
