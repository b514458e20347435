//! Every message convgen shows a person, as data: its kind, and the values it speaks of. Its
//! words are the catalogs' (`locales/*.ftl`), under the same id; a test holds both catalogs
//! to this list, id by id, argument by argument.

use rust_decimal::Decimal;

use super::{Arg, Lang, ParserWords};
use crate::model::{Choice, Date};

/// Declares the messages: `Kind { argument: Type, … } => "catalog-id"`.
macro_rules! messages {
    ($($(#[$doc:meta])* $variant:ident $({ $($field:ident : $ty:ty),* $(,)? })? => $id:literal,)*) => {
        /// A message, with its arguments.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Message {
            $($(#[$doc])* $variant $({ $($field: $ty),* })?,)*
        }

        impl Message {
            /// Every message: its id in the catalogs and the names of its arguments.
            pub const ALL: &[(&str, &[&str])] = &[$(($id, &[$($(stringify!($field)),*)?])),*];

            /// Its id in the catalogs.
            pub fn id(&self) -> &'static str {
                match self {
                    $(Message::$variant { .. } => $id,)*
                }
            }

            /// Its arguments, by name.
            #[allow(unused_variables)]
            pub fn args(&self) -> Vec<(&'static str, Arg)> {
                match self {
                    $(Message::$variant $({ $($field),* })? => vec![$($((stringify!($field), Arg::from($field.clone()))),*)?],)*
                }
            }
        }
    };
}

impl Message {
    /// Its text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        super::text(self.id(), &self.args(), lang)
    }
}

/// In the language of this run.
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::current()))
    }
}

messages! {
    // ---- Printing diagnostics.
    /// A printed finding's first line: its severity, then its headline.
    ErrorLine { text: String } => "error-line",
    WarningLine { text: String } => "warning-line",
    /// A hint under a finding.
    Help { text: Box<Message> } => "help",
    /// Where a finding without a line stands.
    InFile { file: String } => "in-file",
    /// The key of a finding, for the curious, under a finding named in words.
    KeyNote { key: String } => "key-note",
    /// A finding named by where it stands: « Partenaires, n° 1, SIREN : … ».
    Headline { place: String, message: Box<Message> } => "headline",
    /// The `check` summary.
    Checked { files: usize, valid: usize, invalid: usize, warnings: usize } => "checked",
    /// The first problem of a rejected file, and how many more.
    AndMore { count: usize } => "and-more",

    // ---- Reading a file.
    TheFile => "the-file",
    Table { path: String } => "table",
    AString => "a-string",
    AnInteger => "an-integer",
    AFloat => "a-float",
    ABoolean => "a-boolean",
    ADate => "a-date",
    AnArray => "an-array",
    ATable => "a-table",
    AnArrayOfTables => "an-array-of-tables",
    ADateExample => "a-date-example",
    ATableOfAmounts => "a-table-of-amounts",
    MustBe { expected: Box<Message>, found: Box<Message> } => "must-be",
    UnknownKey => "unknown-key",
    NotAKey => "not-a-key",
    DidYouMeanKey { close: String } => "did-you-mean-key",
    KeysAllowed { keys: String } => "keys-allowed",
    MissingKey { key: String, table: Box<Message> } => "missing-key",
    RequiredHere { key: String } => "required-here",
    MustNotBeEmpty => "must-not-be-empty",
    LongerThan { count: usize } => "longer-than",
    ControlCharacter { code: String } => "control-character",
    LineBreak { code: String } => "line-break",
    QuotedDate => "quoted-date",
    WriteKey { text: String } => "write-key",
    DateWithoutTime => "date-without-time",
    WholeNumber { min: i64, max: i64 } => "whole-number",
    ExpectedOneOf { values: String } => "expected-one-of",
    DidYouMeanValue { close: String } => "did-you-mean-value",
    UnknownValue { value: String } => "unknown-value",
    AtLeastOneYear => "at-least-one-year",
    KeyIsAYear { key: String } => "key-is-a-year",
    InvalidToml { detail: ParserWords } => "invalid-toml",
    EmptyFile => "empty-file",
    NewPrintsAnExample => "new-prints-an-example",
    FileLargerThan { mib: usize } => "file-larger-than",
    NotUtf8 => "not-utf8",
    SaveAsUtf8 => "save-as-utf8",
    NestedDeeper { levels: usize } => "nested-deeper",
    CannotNameAFile { reference: String } => "cannot-name-a-file",
    ReferenceCharacters => "reference-characters",
    NotNineDigits { value: String } => "not-nine-digits",
    WrongCheckDigit { value: String } => "wrong-check-digit",
    LuhnChecksum => "luhn-checksum",
    NotAnEmail { value: String } => "not-an-email",
    AmountNegative => "amount-negative",
    AmountDecimals => "amount-decimals",
    AmountTooLarge => "amount-too-large",
    NotAnAmount => "not-an-amount",
    NoFontHasIt { character: String, code: String, name: String } => "no-font-has-it",
    GiveAFont => "give-a-font",
    StillToComplete { value: String } => "still-to-complete",
    CompleteBeforeSending => "complete-before-sending",

    // ---- The rules of a convention.
    TooManyItems { count: usize, what: String, limit: usize } => "too-many-items",
    TooManyActions { count: usize, limit: usize } => "too-many-actions",
    SplitTheConvention => "split-the-convention",
    PeriodEndsBeforeItStarts { start: Date } => "period-ends-before-it-starts",
    LastsAtMost { kind: String, years: i32 } => "lasts-at-most",
    MustEndBy { start: Date, end: Date } => "must-end-by",
    FewerCopies { copies: u32, parties: u32 } => "fewer-copies",
    SignedAfterThePeriod => "signed-after-the-period",
    /// A draft (no signature date) whose period ended, or started, before today.
    PeriodAlreadyOver { end: Date } => "period-already-over",
    AmendedConventionOver { end: Date } => "amended-convention-over",
    AmendedConventionUnsigned => "amended-convention-unsigned",
    AvenantEditedSincePrepared { changes: String } => "avenant-edited-since-prepared",
    PeriodAlreadyStarted { start: Date } => "period-already-started",
    DeliberationAfterSignature => "deliberation-after-signature",
    YearOutsideThePeriod { year: i32, first: i32, last: i32 } => "year-outside-the-period",
    ReferenceYear { year: i32, start: i32 } => "reference-year",
    RenameTheReference { start: i32 } => "rename-the-reference",
    NoSuchAxis { axis: usize, count: usize } => "no-such-axis",
    PartnerFunderUnnamed => "partner-funder-unnamed",
    AddFunderName => "add-funder-name",
    FunderNameOnlyForPartners => "funder-name-only-for-partners",
    CejLineNamesWhoIsPaid => "cej-line-names-who-is-paid",
    AddBeneficiary => "add-beneficiary",
    PsejInACtg => "psej-in-a-ctg",
    BonusInACej => "bonus-in-a-cej",
    BonusEquipment { kind: String, bonus: String, equipment: String } => "bonus-equipment",
    BareOtherField { title: String } => "bare-other-field",
    NameTheField => "name-the-field",
    NoCejAfter2019 => "no-cej-after-2019",
    DrawUpACtg => "draw-up-a-ctg",
    CtgDomains { missing: Vec<Choice> } => "ctg-domains",
    AddTheDomain => "add-the-domain",
    OnlyAnAvenantHas { key: String } => "only-an-avenant-has",
    WriteKindAvenant => "write-kind-avenant",
    AvenantMustGive { keys: String } => "avenant-must-give",
    AvenantCommand => "avenant-command",
    AvenantOwnReference => "avenant-own-reference",
    ForExampleReference { reference: String } => "for-example-reference",
    AmendedIsCtgOrCej => "amended-is-ctg-or-cej",
    AvenantOutsideThePeriod => "avenant-outside-the-period",
    AvenantChangesNothing => "avenant-changes-nothing",
    AvenantChangesAnEarlierYear { effective: i32, year: i32 } => "avenant-changes-an-earlier-year",
    AvenantSignedAfterAYear { signed: i32, year: i32 } => "avenant-signed-after-a-year",
    AvenantChangesPastYear { year: i32 } => "avenant-changes-past-year",
    MoveEffectiveOrKeepYear { year: i32 } => "move-effective-or-keep-year",
    KeepYearOrSplitJoining { year: i32, partner: String } => "keep-year-or-split-joining",
    JoiningBeforeDeliberation { partner: String, deliberation: Date, effective: Date } => "joining-before-deliberation",
    MoveEffectiveOrSplitJoining { deliberation: Date } => "move-effective-or-split-joining",
    GiveEachPartChanged => "give-each-part-changed",
    CejNotProlonged { end: String } => "cej-not-prolonged",
    RenewReplacesACej => "renew-replaces-a-cej",
    DuplicateReference { reference: String } => "duplicate-reference",
    AlreadyUses { file: String } => "already-uses",

    // ---- Workbooks.
    InBook { book: String, problem: Box<Message> } => "in-book",
    AtCell { at: String, column: String, problem: Box<Message> } => "at-cell",
    AtCellValue { at: String, column: String, value: String, problem: Box<Message> } => "at-cell-value",
    ReferenceUsedByRow { reference: String, row: String } => "reference-used-by-row",
    NoConventionRow { sheet: String } => "no-convention-row",
    UnknownSheet { sheet: String } => "unknown-sheet",
    UnknownSheetDidYouMean { sheet: String, close: String } => "unknown-sheet-did-you-mean",
    MissingSheet { sheet: String } => "missing-sheet",
    UnknownColumn { column: String } => "unknown-column",
    UnknownColumnDidYouMean { column: String, close: String } => "unknown-column-did-you-mean",
    NoReferenceColumn => "no-reference-column",
    ImportedFrom { book: String, row: usize } => "imported-from",
    PartyIsCafOrNumber => "party-is-caf-or-number",
    NumberGivenTwice { column: String, number: i64 } => "number-given-twice",
    NumberIsTheOrder { column: String } => "number-is-the-order",
    AxisIsANumber => "axis-is-a-number",
    ArticleIsANumber => "article-is-a-number",
    AvenantRowSkipped { reference: String } => "avenant-row-skipped",
    KeptFromTheFile { file: String, sheet: String } => "kept-from-the-file",
    CellHoldsError { error: String } => "cell-holds-error",
    NotCents { number: String } => "not-cents",
    AnnexSheetNotRead { sheet: String, funding: String } => "annex-sheet-not-read",
    // ---- Templates and Typst.
    TemplateProblem { detail: String } => "template-problem",
    TypstProblem { detail: String } => "typst-problem",
    LineComesFrom { origin: String } => "line-comes-from",
    CannotProduce { reference: String, file: String } => "cannot-produce",
    GeneratedFrom { template: String } => "generated-from",

    // ---- Files.
    CannotRead { path: String, reason: Box<Message> } => "cannot-read",
    CannotWrite { path: String, reason: Box<Message> } => "cannot-write",
    CannotCreate { path: String, reason: Box<Message> } => "cannot-create",
    SymbolicLink => "symbolic-link",
    NotRegular => "not-regular",
    LargerThan { size: String } => "larger-than",
    LinkNotWrittenThrough { path: String } => "link-not-written-through",
    NotAFolder { path: String } => "not-a-folder",
    NotInside { path: String, root: String } => "not-inside",
    /// A system error, by its kind.
    NotFound => "not-found",
    PermissionDenied => "permission-denied",
    AlreadyExists => "already-exists",
    OsError { detail: String } => "os-error",
    FileChanged { current: String } => "file-changed",
    NotAPdf => "not-a-pdf",
    NoAttachedSource => "no-attached-source",
    PdfDamaged { detail: String } => "pdf-damaged",
    /// A problem of a whole file: « `x.pdf`: no attached source ».
    FileProblem { path: String, detail: Box<Message> } => "file-problem",
    FileExists { path: String } => "file-exists",
    /// Text already said in the language of the run (another part's error).
    Text { text: String } => "text",

    // ---- Batches and commands.
    InternalError { detail: String } => "internal-error",
    KilledBySignal { signal: i32 } => "killed-by-signal",
    Exited { status: String } => "exited",
    WorkerStopped { how: String } => "worker-stopped",
    CannotWriteManifest { dir: String, reason: Box<Message> } => "cannot-write-manifest",
    Wrote { path: String } => "wrote",
    WroteDocument { path: String, pages: usize } => "wrote-document",
    Rendered { rendered: usize, skipped: usize, failed: usize, seconds: String, rate: String, dir: String } => "rendered",
    SentTo { reference: String, to: String } => "sent-to",
    WroteMessage { path: String } => "wrote-message",
    AlreadySent { reference: String, time: String } => "already-sent",
    NotSent { reference: String, file: String, reason: Box<Message> } => "not-sent",
    SendInterrupted { time: String } => "send-interrupted",
    NoSignatoryEmail => "no-signatory-email",
    NoEmailFor { reference: String, names: String } => "no-email-for",
    ValueToGive { place: String } => "value-to-give",
    NotAnAmountTyped => "not-an-amount-typed",
    JournalBefore { reason: Box<Message> } => "journal-before",
    JournalAfter { reason: Box<Message> } => "journal-after",
    SentMessages { sent: usize, skipped: usize, failed: usize } => "sent-messages",
    WroteMessages { sent: usize, skipped: usize, failed: usize } => "wrote-messages",
    KeptPrevious { file: String, history: String } => "kept-previous",
    SkippedExists { path: String } => "skipped-exists",
    /// A file the workbook's row says nothing new to: not rewritten, its comments kept.
    UnchangedFile { path: String } => "unchanged-file",
    Imported { written: usize, skipped: usize, refused: usize } => "imported",
    Exported { conventions: usize, path: String, avenants: usize, failed: usize } => "exported",
    AvenantLeftOut { path: String } => "avenant-left-out",
    AvenantExists { path: String } => "avenant-exists",
    WroteAvenant { file: String, pdf: String, number: u32, base: String } => "wrote-avenant",
    CejProlonged { reference: String, end: Date, new_end: Date } => "cej-prolonged",
    KindChanged { old: String, old_kind: String, new: String, new_kind: String } => "kind-changed",
    NothingChanged { reference: String } => "nothing-changed",
    SignatoriesOnly { reference: String } => "signatories-only",

    // ---- Renewing CEJs.
    NotACej { kind: String } => "not-a-cej",
    NotExpiring { end: Date, before: Date } => "not-expiring",
    /// A version of a CEJ left for its latest (`avenant` 0: the CEJ as signed).
    LatestRenewed { avenant: u32, latest: String } => "latest-renewed",
    GroupedWith { others: usize } => "grouped-with",
    DraftKept { kept: String, history: String } => "draft-kept",
    DraftInvalid { problems: String } => "draft-invalid",
    RenewedSummary { renewed: usize, drafts: usize, skipped: usize, errors: usize, report: String } => "renewed-summary",
    NameTheSignatory { epci: String } => "name-the-signatory",
    CtgCoversDomain { domain: String } => "ctg-covers-domain",
    DeliberationsToRenew => "deliberations-to-renew",
    /// Between the items of a list on one line (« à revoir ; une CTG »).
    ListSeparator => "list-separator",
    RenewedLine { reference: String, line: usize, label: String, note: Box<Message> } => "renewed-line",
    PsejWithoutBonus { equipment: String } => "psej-without-bonus",
    PsejWithoutEquipment => "psej-without-equipment",
    OneOffNotCarried => "one-off-not-carried",
    CarriedAtConstantAmount => "carried-at-constant-amount",
    DraftedFrom => "drafted-from",
    DraftedFromCej { reference: String, file: String, start: Date, end: Date } => "drafted-from-cej",
    ToReview => "to-review",

    // ---- verify and calendar.
    /// A verified file's heading: its name, and the convention it is.
    VerifiedFile { file: String, reference: String } => "verified-file",
    VerifiedUnknownFile { file: String } => "verified-unknown-file",
    VerifyStatus { status: Box<Message> } => "verify-status",
    VerifySigned => "verify-signed",
    VerifyPartiallySigned { missing: String } => "verify-partially-signed",
    VerifyUnsigned => "verify-unsigned",
    VerifyNoElectronicSignature => "verify-no-electronic-signature",
    VerifyInvalid => "verify-invalid",
    VerifyOriginal { original: Box<Message> } => "verify-original",
    OriginalIdentical => "original-identical",
    OriginalDifferent => "original-different",
    OriginalUnknown => "original-unknown",
    /// A file that names no convention (a scan): on a convention's page, or from `verify`.
    OriginalUnidentified { reference: String } => "original-unidentified",
    OriginalUnidentifiedFile => "original-unidentified-file",
    VerifyChanges { changes: Box<Message> } => "verify-changes",
    ChangesNone => "changes-none",
    ChangesSignaturesOnly => "changes-signatures-only",
    ChangesModified => "changes-modified",
    ChangesNotCompared => "changes-not-compared",
    /// The columns of a file's table of signatures.
    ColumnSignatory => "column-signatory",
    ColumnSigned => "column-signed",
    ColumnSigner => "column-signer",
    ColumnTime => "column-time",
    ColumnIntact => "column-intact",
    ColumnTrusted => "column-trusted",
    Yes => "yes",
    No => "no",
    /// A signatory in the table: « Jeanne Martin (Caf du Puy-de-Dôme) ».
    SignatoryOf { name: String, party: String } => "signatory-of",
    /// A signature in a field convgen did not create.
    OtherField { field: String } => "other-field",
    /// Why a signature does not hold, under the table.
    SignatureProblem { who: String, problem: Box<Message> } => "signature-problem",
    ProblemByteRange => "problem-byte-range",
    ProblemNotCms { detail: String } => "problem-not-cms",
    ProblemSigners { count: usize } => "problem-signers",
    ProblemNoSignerCertificate => "problem-no-signer-certificate",
    ProblemUnsupported { algorithm: String } => "problem-unsupported",
    ProblemNoMessageDigest => "problem-no-message-digest",
    ProblemDigest => "problem-digest",
    ProblemSignature => "problem-signature",
    ProblemKey { detail: String } => "problem-key",
    ProblemNoIssuer { name: String } => "problem-no-issuer",
    ProblemExpired { name: String } => "problem-expired",
    ProblemChainTooLong => "problem-chain-too-long",
    TrustUnreadable { path: String, detail: String } => "trust-unreadable",
    VerdictRecorded { count: usize, manifest: String } => "verdict-recorded",
    VerdictNotRecorded { file: String, manifest: String } => "verdict-not-recorded",
    Verified { files: usize, signed: usize } => "verified",
    /// The states of a convention in the workspace's list.
    StateDraft => "state-draft",
    StateSent => "state-sent",
    StatePartiallySigned { signed: usize, expected: usize } => "state-partially-signed",
    StateSigned => "state-signed",
    StateToCheck => "state-to-check",
    /// A signed PDF dropped in the workspace, refused.
    SignedTooLarge { limit: u64 } => "signed-too-large",
    SignedNotPdf => "signed-not-pdf",
    SignedUnreadable { detail: Box<Message> } => "signed-unreadable",
    SignedOtherConvention { found: String, expected: String } => "signed-other-convention",
    SignedNoReference => "signed-no-reference",
    /// The convention's own draft, or its PDF as produced, dropped with no signature at all.
    SignedIsDraft { reference: String } => "signed-is-draft",
    SignedIsProduced { reference: String } => "signed-is-produced",
    SignedUnknownConvention { reference: String } => "signed-unknown-convention",
    SignedNotRecorded { reference: String } => "signed-not-recorded",
    /// The very same file dropped again: kept once.
    SignedAlreadyReceived { day: String, file: String } => "signed-already-received",
    /// The calendar's events and summary.
    CalendarName => "calendar-name",
    EventEnd { reference: String, territory: String } => "event-end",
    EventEndDetail { title: String, end: Date } => "event-end-detail",
    EventRenewal { reference: String, territory: String } => "event-renewal",
    EventRenewalDetail { reference: String, end: Date } => "event-renewal-detail",
    EventEffective { reference: String, base: String } => "event-effective",
    EventEffectiveDetail { number: u32, base: String, effective: Date } => "event-effective-detail",
    EventReminder { reference: String, territory: String } => "event-reminder",
    EventReminderDetail { reference: String, sent: Date } => "event-reminder-detail",
    CalendarWritten { events: usize, conventions: usize, path: String } => "calendar-written",
    // ---- step 20: text and new keys.
    CopiesOnPaperOnly => "copies-on-paper-only",
    GroupNotConsecutive { group: String, first: usize } => "group-not-consecutive",
    KeepGroupTogether => "keep-group-together",
    GroupOfOne { group: String } => "group-of-one",
    AfterAndReplace => "after-and-replace",
    KeepAfterOrReplace => "keep-after-or-replace",
    ReplacedTwice { article: String } => "replaced-twice",
    CannotReplace { article: String } => "cannot-replace",
    WriteAfterInstead { article: String } => "write-after-instead",
    AnnexPath { file: String } => "annex-path",
    AnnexBesideTheFile => "annex-beside-the-file",
    AnnexEncrypted => "annex-encrypted",
    AnnexDamaged => "annex-damaged",
    AnnexTooManyPages { pages: usize, limit: usize } => "annex-too-many-pages",
    PilotageOver15 { year: i32, pilotage: Decimal, psej: Decimal, others: usize } => "pilotage-over-15",
    LowerPilotage => "lower-pilotage",
    SeatMissing { given: usize, parties: usize } => "seat-missing",
    EverySeatOrNone => "every-seat-or-none",
    DeliberationBeforeBase { signed: Date } => "deliberation-before-base",
    NewDeliberation => "new-deliberation",
    DateOfTheFormerDeliberation => "date-of-the-former-deliberation",
    DeliberationLongBeforePeriod { start: Date } => "deliberation-long-before-period",
    ChangedSinceSigned { date: Date } => "changed-since-signed",
    ChangedSinceSignedSend { date: Date } => "changed-since-signed-send",
    // ---- Mail.
    SmtpUrlInvalid { detail: String } => "smtp-url-invalid",
    SmtpUrlPassword { variable: String } => "smtp-url-password",
    SmtpUrlNoHost => "smtp-url-no-host",
    SmtpUrlTls { value: String } => "smtp-url-tls",
    SmtpUrlScheme { scheme: String } => "smtp-url-scheme",
    /// Why a message did not go (lettre's words, in English, as the detail).
    MailTls { detail: String } => "mail-tls",
    MailRefused { detail: String } => "mail-refused",
    MailUnreachable { attempts: u32, detail: String } => "mail-unreachable",
    MailRetry { detail: String, seconds: String } => "mail-retry",
    // ---- The workspace's answers.
    ServeNoConvention { reference: String } => "serve-no-convention",
    ServeAmbiguous { reference: String, files: String } => "serve-ambiguous",
    /// A file with errors is not used: `purpose` says for what.
    ServeFileHasErrors { purpose: Box<Message> } => "serve-file-has-errors",
    ServeAnnexNotPdf => "serve-annex-not-pdf",
    ServeTooManyAnnexes { name: String } => "serve-too-many-annexes",
    ToProduceThePdf => "to-produce-the-pdf",
    ToSeeItsPages => "to-see-its-pages",
    ToSendIt => "to-send-it",
    PageNames => "page-names",
    DraftPages { pages: usize } => "draft-pages",
    SendTheEtag => "send-the-etag",
    FileChangedSinceOpened => "file-changed-since-opened",
    EditNotToml { detail: String } => "edit-not-toml",
    EditNoSuchKey { key: String } => "edit-no-such-key",
    EditBadPath { key: String } => "edit-bad-path",
    EditBadValue { key: String } => "edit-bad-value",
    /// « 12.000 »: the page asks which amount was meant.
    EditAmbiguousAmount { typed: String, thousands: String, decimal: String } => "edit-ambiguous-amount",
    KindIsCtgOrCej => "kind-is-ctg-or-cej",
    ExistsOrReferenceTaken { file: String } => "exists-or-reference-taken",
    NotInTheHistory => "not-in-the-history",
    CejEndAsDate => "cej-end-as-date",
    CtgStartAsDate => "ctg-start-as-date",
    RenewPeriodsOver => "renew-periods-over",
    RenewDraftsReplaced => "renew-drafts-replaced",
    RowOverFileWithErrors => "row-over-file-with-errors",
    CtgLastsOneToFiveYears => "ctg-lasts-one-to-five-years",
    SendingOff { why: String } => "sending-off",
    NotAWorkbook => "not-a-workbook",
    /// What a saved version changed, in a few words.
    VersionUnchanged => "version-unchanged",
    VersionReformatted => "version-reformatted",
    VersionChange { article: String, subject: String, change: String } => "version-change",
    VersionFunding { line: String } => "version-funding",
    VersionFundingYears { line: String, years: String } => "version-funding-years",
    VersionMore { count: usize } => "version-more",
    VersionHasErrors => "version-has-errors",
    /// Requests the guard refuses.
    OnlyThroughProxy => "only-through-proxy",
    SignInThroughCaf => "sign-in-through-caf",
    OnlyOwnAddress => "only-own-address",
    NoOtherSite => "no-other-site",
    ChangesFromThePage => "changes-from-the-page",
    OpenWithToken => "open-with-token",
    // ---- A team's workspace, behind the Caf's proxy.
    /// `serve --auth proxy` listening: where, and the address its users open.
    ServeBehindProxy { dir: String, public: String, address: String } => "serve-behind-proxy",
    /// `--auth proxy` without the header that names the user.
    ProxyNeedsUserHeader => "proxy-needs-user-header",
    /// `--auth proxy` without any trusted proxy address.
    ProxyNeedsTrustedProxy => "proxy-needs-trusted-proxy",
    /// A value of `--trusted-proxy`, `--user-header` or `--public-url` that cannot be used.
    ProxyOptionInvalid { option: String, value: String } => "proxy-option-invalid",
    /// `--user-header`, `--trusted-proxy` or `--public-url` given without `--auth proxy`.
    ProxyOptionWithoutProxy { option: String } => "proxy-option-without-proxy",
    /// The workspace's avenant between two versions, one of which has errors.
    AvenantFromInvalid { version: String, problem: String } => "avenant-from-invalid",
    AvenantToInvalid { version: String, problem: String } => "avenant-to-invalid",
    /// The file as it is, among its saved versions.
    CurrentVersion => "current-version",
    /// A saved version, by its time (« 5 décembre 2026 à 13:54:01 »).
    SavedVersion { when: String } => "saved-version",
    SentVersion { when: String } => "sent-version",
    LeftByAvenant { number: u32 } => "left-by-avenant",
    AvenantNotTakenIn { number: u32 } => "avenant-not-taken-in",
    AvenantWouldUndo { number: u32 } => "avenant-would-undo",
    AvenantFromItsConvention => "avenant-from-its-convention",
    // ---- What stops a command before it begins.
    PasswordInSettings { file: String, variable: String } => "password-in-settings",
    SettingsProblem { file: String, problem: String } => "settings-problem",
    NoSender => "no-sender",
    BadAddress { what: String, address: String, reason: String } => "bad-address",
    BadRate { rate: String } => "bad-rate",
    NoSmtpServer => "no-smtp-server",
    NoSmtpPassword { variable: String } => "no-smtp-password",
    TemplatesUnreadable { dir: String, reason: Box<Message> } => "templates-unreadable",
    TemplateTooLarge { path: String } => "template-too-large",
    CannotServe { reason: Box<Message> } => "cannot-serve",
    CannotWriteWorkbook { reason: String } => "cannot-write-workbook",
    NoRandomness { reason: String } => "no-randomness",
    NotADate { text: String } => "not-a-date",
}
