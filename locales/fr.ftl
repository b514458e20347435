# Les messages de convgen en français. Chaque identifiant est un `Message` de
# src/i18n/messages.rs ; l'anglais est dans en.ftl, avec les mêmes identifiants et les mêmes
# arguments (un test tient les deux catalogues à la liste).

## L'impression des constats

error-line = erreur : { $text }
warning-line = avertissement : { $text }
help = aide : { $text }
in-file = dans { $file }
key-note = clé : { $key }
headline = { $place } : { $message }
checked = { $files ->
        [one] { $files } fichier vérifié
       *[other] { $files } fichiers vérifiés
    } : { $valid ->
        [one] { $valid } valide
       *[other] { $valid } valides
    }, { $invalid ->
        [one] { $invalid } invalide
       *[other] { $invalid } invalides
    }, { $warnings ->
        [one] { $warnings } avertissement
       *[other] { $warnings } avertissements
    }
and-more = (et { $count ->
        [one] { $count } autre problème
       *[other] { $count } autres problèmes
    })

## La lecture d'un fichier

the-file = le fichier
table = `[{ $path }]`
a-string = un texte entre guillemets
an-integer = un nombre entier
a-float = un nombre décimal
a-boolean = un booléen (true ou false)
a-date = une date
an-array = une liste
a-table = une table
an-array-of-tables = une liste de tables
a-date-example = une date (2024-01-01)
a-table-of-amounts = une table de montants par année ({"{"} 2024 = 12000 {"}"})
must-be = doit être { $expected }, et non { $found }
unknown-key = clé inconnue
not-a-key = n’est pas une clé du format
did-you-mean-key = vouliez-vous dire `{ $close }` ?
keys-allowed = clés possibles ici : { $keys }
missing-key = il manque la clé `{ $key }` dans { $table }
required-here = `{ $key }` est obligatoire ici
must-not-be-empty = ne doit pas être vide
longer-than = plus de { $count } caractères
control-character = contient le caractère de contrôle invisible U+{ $code }
line-break = doit tenir sur une ligne : contient un saut de ligne (U+{ $code })
quoted-date = une date s’écrit sans guillemets
write-key = écrivez `{ $text }`
date-without-time = doit être une date sans heure (2024-01-01)
whole-number = doit être un nombre entier de { $min } à { $max }
expected-one-of = valeurs possibles : { $values }
did-you-mean-value = vouliez-vous dire « { $close } » ?
unknown-value = valeur inconnue « { $value } »
at-least-one-year = doit donner au moins une année
key-is-a-year = une clé de `{ $key }` est une année
invalid-toml = TOML invalide : { $detail }
empty-file = le fichier est vide
new-prints-an-example = `convgen new ctg` affiche un exemple commenté pour commencer
file-larger-than = fichier de plus de { $mib } Mio
not-utf8 = le fichier n’est pas en UTF-8
save-as-utf8 = enregistrez le fichier en UTF-8
nested-deeper = listes ou tables imbriquées sur plus de { $levels } niveaux
cannot-name-a-file = « { $reference } » ne peut pas nommer un fichier
reference-characters = n’employez que des lettres sans accent, des chiffres, « . », « _ » et « - », en commençant par une lettre ou un chiffre
not-nine-digits = « { $value } » n’est pas un SIREN : 9 chiffres attendus
wrong-check-digit = le SIREN « { $value } » a une clé de contrôle fausse
luhn-checksum = un SIREN vérifie la clé de Luhn : cherchez un chiffre mal saisi
not-an-email = « { $value } » n’est pas une adresse électronique
amount-negative = un montant ne peut pas être négatif
amount-decimals = un montant a au plus deux décimales (les centimes)
amount-too-large = un montant reste sous le milliard d’euros
not-an-amount = ce n’est pas un montant : écrivez 12500, 12500.5, "12500.50" ou "12 500,50"
no-font-has-it = `{ $character }` (U+{ $code } { $name }) ne peut être affiché par aucune police disponible
give-a-font = donnez une police qui le contient : `--font-path DOSSIER`, ou un dossier `fonts/` à côté des modèles
still-to-complete = « { $value } » reste à compléter
complete-before-sending = donnez la vraie valeur : une convention qui porte une valeur « à compléter » n’est ni produite pour signature ni envoyée

## Les règles d'une convention

too-many-items = { $count } { $what } : une convention en compte au plus { $limit }
too-many-actions = { $count } actions en tout : une convention en compte au plus { $limit }
split-the-convention = partagez la convention, ou vérifiez que le fichier a été bien produit
period-ends-before-it-starts = la période doit finir après son début ({ $start })
lasts-at-most = { $kind ->
        [CTG] une CTG
       *[other] un { $kind }
    } dure au plus { $years } ans
must-end-by = commençant le { $start }, la période doit finir au plus tard le { $end }
fewer-copies = { $copies } exemplaires pour { $parties } parties signataires : chaque partie garde un original
signed-after-the-period = signée après la fin de la période
amended-convention-over = la convention a pris fin le { $end } : elle ne peut plus être modifiée par avenant ; c’est une nouvelle convention qu’il faut
amended-convention-unsigned = la convention modifiée n’est ni datée ni revenue signée : si elle n’est pas encore signée, corrigez-la directement plutôt que d’en faire un avenant
earlier-avenant-unsigned = l’avenant n° { $number }, cité au préambule, n’a pas de date de signature : il doit être signé avant celui-ci. Donnez sa date de signature, ou, s’il ne doit pas l’être, retirez-le et préparez cet avenant depuis le texte signé
date-the-signed-avenant = signé avant cette date, cet avenant se date : donnez sa date de signature (« Signature : Date ») ; sinon, il ne peut plus être signé
prolonged-without-funding = l’avenant prolonge la convention sur { $years }, sans aucun montant pour { $years } : donnez le montant de chaque ligne de financement qui continue (« Financement »), ou ne prolongez pas
avenant-edited-since-prepared = modifié depuis sa préparation, cet avenant ne dit plus ce que dit la version de la convention dont il a été tiré ({ $changes }) : reportez ce changement dans le fichier de la convention (« { $base } », même champ), ou défaites-le dans l’avenant, pour que l’un et l’autre disent la même chose
convention-changed-beyond-avenant = la convention a changé sans que cet avenant le dise ({ $changes }) : si l’avenant doit le dire, préparez-le à nouveau depuis « Versions… » de la convention ; sinon, défaites ce changement dans la convention
period-already-over = la période de ce projet est déjà finie (le { $end }) : ajustez-la
period-already-started = la période de ce projet est déjà commencée (le { $start }) : ajustez-la
deliberation-after-signature = la délibération est datée d’après la signature
year-outside-the-period = { $year } est hors de la période ({ $first }-{ $last })
reference-year = porte l’année { $year } alors que la période commence en { $start }
rename-the-reference = une référence qui suit sa période ne se confond pas avec la convention précédente ou suivante : renommez-la (l’année { $start }) avant de l’envoyer
title-years = cite { $said } alors que la période va de { $first } à { $last }
title-follows-the-period = la page de garde et le message d’envoi reprennent le titre tel quel, à côté des dates de la période : donnez-lui ses années ({ $first }-{ $last }), ou retirez-le, le titre par défaut suivant la période
label-year = le libellé cite { $year }, la ligne finance { $funds } : mettez le libellé à l’année financée, ou le montant à l’année du libellé
no-such-axis = il n’y a pas d’axe { $axis } : le fichier en compte { $count }
partner-funder-unnamed = une ligne financée par un partenaire le nomme
add-funder-name = ajoutez `funder_name = "…"`
funder-name-only-for-partners = `funder_name` ne sert que pour `funder = "partner"`
cej-line-names-who-is-paid = une ligne d’un CEJ nomme son bénéficiaire
add-beneficiary = ajoutez `beneficiary = "…"` : le gestionnaire de l’équipement, ou la collectivité
psej-in-a-ctg = la PSEJ est celle des CEJ : une CTG est financée par des lignes de bonus territoire
bonus-in-a-cej = le bonus territoire est celui des CTG : un CEJ est financé par la PSEJ
bonus-equipment = une ligne « { $kind } » finance l’équipement « { $bonus } », et non « { $equipment } »
bare-other-field = un champ « autre » sans nom prend le nom de son axe : « { $title } »
name-the-field = nommez le champ : `{"{"} autre = "Sport et loisirs" {"}"}`
no-cej-after-2019 = aucun CEJ ne commence après 2019 : depuis la circulaire Cnaf n° 2020-01 du 16 janvier 2020, une CTG remplace chaque CEJ à son échéance
draw-up-a-ctg = rédigez une CTG (`kind = "ctg"`), ou laissez `convgen renew` y changer le CEJ qu’elle prolonge
ctg-domains = une CTG couvre la petite enfance, la jeunesse et la parentalité ; il manque : { $missing }
add-the-domain = ajoutez le champ à un axe, ou un axe pour lui
only-an-avenant-has = seul un avenant a `{ $key }`
write-kind-avenant = écrivez `kind = "avenant"`, ou retirez la clé
avenant-must-give = un avenant donne { $keys }
avenant-command = `convgen avenant ANCIENNE NOUVELLE` rédige un avenant à partir de deux versions d’une convention
avenant-own-reference = un avenant a sa propre référence, pas celle de la convention
for-example-reference = par exemple `reference = "{ $reference }"`
amended-is-ctg-or-cej = la convention modifiée est une `ctg` ou un `cej`
avenant-outside-the-period = l’avenant prend effet hors de la période de la convention
avenant-changes-nothing = cet avenant ne change rien à la convention
avenant-changes-an-earlier-year = l’avenant prend effet en { $effective } mais modifie le montant de { $year } : un avenant ne revient pas sur un exercice antérieur à sa prise d’effet
avenant-signed-after-a-year = sans « Prise d’effet », l’avenant prend effet à sa signature, en { $signed }, mais modifie le montant de { $year } : un avenant ne revient pas sur un exercice antérieur à sa prise d’effet
avenant-changes-past-year = sans « Prise d’effet » ni date de signature, l’avenant prendra effet à sa signature, au plus tôt aujourd’hui, mais modifie le montant de { $year }, exercice passé : un avenant ne revient pas sur un exercice antérieur à sa prise d’effet
move-effective-or-keep-year = donnez à « Prise d’effet » une date de { $year } au plus tard, ou rendez à { $year } les montants d’avant l’avenant
keep-year-or-split-joining = { $partner } ne pouvant adhérer avant sa délibération, rendez à { $year } les montants d’avant l’avenant, ou modifiez-les par un avenant distinct de son adhésion
joining-before-deliberation = { $partner } adhère par cet avenant, mais sa délibération ({ $deliberation }) est postérieure à la prise d’effet de l’avenant ({ $effective }) : un partenaire ne peut être lié avant que son assemblée l’y ait autorisé
move-effective-or-split-joining = reportez « Prise d’effet » au { $deliberation } au plus tôt, ou faites de l’adhésion un avenant distinct
effective-before-deliberation = l’avenant prend effet le { $effective }, dans un exercice antérieur à celui d’une délibération qui l’autorise (du { $deliberation }) : il revient sur un exercice passé
justify-or-move-effective = si cet exercice passé est bien celui que l’avenant modifie, dites pourquoi dans « Motif de l’avenant » : un effet rétroactif se justifie ; sinon, reportez « Prise d’effet » au { $deliberation } au plus tôt et rendez aux exercices antérieurs leurs montants d’avant l’avenant
give-each-part-changed = sous `[previous]`, donnez chaque partie que l’avenant modifie telle qu’elle était avant
cej-not-prolonged = un CEJ ne peut être prolongé par avenant : celui-ci finit le { $end }, tel que signé
renew-replaces-a-cej = depuis la circulaire Cnaf n° 2020-01, une CTG remplace chaque CEJ à son échéance : `convgen renew` la prépare
duplicate-reference = la référence « { $reference } » est déjà employée dans ce lot
already-uses = `{ $file }` l’emploie déjà : donnez à chaque convention sa référence

## Les classeurs

in-book = { $book } : { $problem }
at-cell = { $at } (colonne `{ $column }`) : { $problem }
at-cell-value = { $at } (colonne `{ $column }`, valeur `{ $value }`) : { $problem }
reference-used-by-row = la référence `{ $reference }` est aussi celle de la ligne { $row }
no-convention-row = aucune ligne de `conventions` n’a cette référence (feuille `{ $sheet }`)
unknown-sheet = feuille inconnue `{ $sheet }`
unknown-sheet-did-you-mean = feuille inconnue `{ $sheet }` (vouliez-vous dire `{ $close }` ?)
missing-sheet = il manque la feuille `{ $sheet }`
unknown-column = colonne inconnue `{ $column }`
unknown-column-did-you-mean = colonne inconnue `{ $column }` (vouliez-vous dire `{ $close }` ?)
no-reference-column = pas de colonne `reference`
imported-from =
    # Importé de `{ $book }` (feuille `conventions`, ligne { $row }).
    # Vérifiez-le avec `convgen check FICHIER`, produisez-le avec `convgen render FICHIER`.
party-is-caf-or-number = `party` vaut `caf` ou le `number` d’une ligne de `partenaires`
number-given-twice = `{ $column }` { $number } est donné à une autre ligne de cette convention
number-is-the-order = `{ $column }` est un nombre entier à partir de 1 : l’ordre des lignes
axis-is-a-number = `axis` est le `number` d’une ligne de `axes`
article-is-a-number = `article` est le `number` d’une ligne de `articles`
avenant-row-skipped = `{ $reference }` est un avenant : il reste un fichier à part (établi par `convgen avenant`), un classeur porte des conventions ; ligne ignorée
kept-from-the-file = { $file } : le classeur n’a pas de feuille `{ $sheet }` : ce que le fichier y avait est gardé tel quel
cell-holds-error = la cellule contient l’erreur { $error }
not-cents = { $number } n’est pas un montant en euros et centimes : deux décimales au plus
annex-sheet-not-read = la feuille `{ $sheet }` n’est pas lue : elle récapitule les montants pour information ; un montant se change dans la feuille `{ $funding }`

## Les modèles et Typst

template-problem = modèle : { $detail }
typst-problem = Typst refuse le document produit : { $detail }
line-comes-from = note : cette ligne vient de `{ $origin }`

cannot-produce = impossible de produire `{ $reference }` à partir de `{ $file }`
generated-from = note : le document a été produit par le modèle `{ $template }` ; `convgen render --format typ` écrit le source produit

## Les fichiers

cannot-read = impossible de lire `{ $path }` ({ $reason })
cannot-write = impossible d’écrire `{ $path }` ({ $reason })
cannot-create = impossible de créer `{ $path }` ({ $reason })
symbolic-link = un lien symbolique : seuls les fichiers ordinaires d’un dossier sont lus
not-regular = ce n’est pas un fichier ordinaire
larger-than = plus de { $size }
link-not-written-through = `{ $path }` est un lien symbolique : rien n’est écrit à travers un lien
not-a-folder = `{ $path }` n’est pas un dossier
not-inside = `{ $path }` n’est pas à l’intérieur de `{ $root }`
not-found = fichier ou dossier introuvable
permission-denied = permission refusée
already-exists = le fichier existe déjà
os-error = { $detail }
file-changed = le fichier a changé depuis sa lecture (etag `{ $current }`)
file-exists = `{ $path }` existe déjà
file-problem = `{ $path }` : { $detail }
not-a-pdf = ce n’est pas un PDF
no-attached-source = le PDF ne contient pas de fichier de convention : il n’a pas été produit par convgen
pdf-damaged = PDF illisible : { $detail }

text = { $text }

## Les lots et les commandes

internal-error = erreur interne ({ $detail })
killed-by-signal = arrêté par le signal { $signal }
exited = terminé, { $status }
worker-stopped = le processus qui la produisait s’est arrêté ({ $how })
cannot-write-manifest = impossible d’écrire le manifeste dans `{ $dir }` ({ $reason })
wrote = écrit : { $path }
wrote-document = écrit : { $path } ({ $pages ->
        [one] { $pages } page
       *[other] { $pages } pages
    })
rendered = { $rendered ->
        [one] { $rendered } convention produite
       *[other] { $rendered } conventions produites
    }, { $skipped ->
        [one] { $skipped } inchangée
       *[other] { $skipped } inchangées
    }, { $failed ->
        [one] { $failed } échouée
       *[other] { $failed } échouées
    }, en { $seconds } s ({ $rate } documents/s), dans `{ $dir }`
sent-to = { $reference } envoyée à { $to }
wrote-message = écrit : { $path }
already-sent = { $reference } : déjà envoyée le { $time }, pas renvoyée (`--resend` pour la renvoyer)
not-sent = { $reference } (`{ $file }`) : { $reason }
send-interrupted = un envoi s’est interrompu pendant celui-ci le { $time } : le message a pu parvenir à ses destinataires ; vérifiez, puis envoyez avec `--resend`
journal-before = non envoyée : le journal ne peut pas être écrit ({ $reason })
journal-after = envoyée, mais le journal n’a pas pu être écrit ({ $reason })
sent-messages = { $sent ->
        [one] { $sent } message envoyé
       *[other] { $sent } messages envoyés
    }, { $skipped ->
        [one] { $skipped } déjà envoyé
       *[other] { $skipped } déjà envoyés
    }, { $failed ->
        [one] { $failed } échec
       *[other] { $failed } échecs
    }
wrote-messages = { $sent ->
        [one] { $sent } message écrit
       *[other] { $sent } messages écrits
    }, { $skipped ->
        [one] { $skipped } déjà envoyé
       *[other] { $skipped } déjà envoyés
    }, { $failed ->
        [one] { $failed } échec
       *[other] { $failed } échecs
    }
kept-previous = le texte précédent de { $file } est conservé dans `{ $history }`
skipped-exists = `{ $path }` laissé tel quel : il existe (`--force` pour le remplacer)
unchanged-file = `{ $path }` laissé tel quel : il dit déjà ce que dit sa ligne
imported = { $written ->
        [one] { $written } convention importée
       *[other] { $written } conventions importées
    }, { $skipped ->
        [one] { $skipped } laissée
       *[other] { $skipped } laissées
    } (fichiers existants), { $refused ->
        [one] { $refused } refusée
       *[other] { $refused } refusées
    }
exported = { $conventions ->
        [one] { $conventions } convention exportée
       *[other] { $conventions } conventions exportées
    } dans `{ $path }`, { $avenants ->
        [one] { $avenants } avenant laissé de côté
       *[other] { $avenants } avenants laissés de côté
    }, { $failed ->
        [one] { $failed } échec
       *[other] { $failed } échecs
    }
avenant-left-out = note : { $path } : un avenant reste un fichier à part ; un classeur porte des conventions
avenant-exists = `{ $path }` existe : donnez un autre `--number`, ou `--force` pour le remplacer
wrote-avenant = écrit : { $file } et { $pdf } (avenant n° { $number } à `{ $base }`)
cej-prolonged = un CEJ ne peut pas être prolongé par avenant : `{ $reference }` prend fin le { $end } tel que signé, la nouvelle version le { $new_end } ; depuis la circulaire Cnaf n° 2020-01, une CTG remplace chaque CEJ à son terme (`convgen renew` la prépare)
kind-changed = `{ $old }` est une { $old_kind } et `{ $new }` une { $new_kind } : un avenant garde la nature de la convention qu’il modifie
nothing-changed = rien n’a changé entre les deux versions de « { $reference } » : il n’y a pas d’avenant à écrire
signatories-only = seuls les signataires de « { $reference } » ont changé : un nouveau signataire (un maire élu, un directeur nommé) ne demande pas d’avenant, la convention engage la collectivité et la Caf, non la personne qui signe ; le prochain avenant ou le renouvellement sera signé par le nouveau signataire
no-signatory-email = aucun signataire n’a d’adresse électronique : donnez le courriel de qui doit recevoir la convention (« Courriel » d’un signataire dans le formulaire, `email` dans le fichier)
no-email-for = { $reference } : sans adresse électronique, ne recevra pas le message : { $names }
value-to-give = { $place } : à compléter
not-an-amount-typed = ce n’est pas un montant : écrivez par exemple 12 500 ou 12 500,50

## Le renouvellement des CEJ

not-a-cej = ce n’est pas un CEJ ({ $kind })
not-expiring = prend fin le { $end }, pas avant le { $before }
latest-renewed = { $avenant ->
        [0] le CEJ tel que signé
       *[other] l’avenant n° { $avenant }
    } : sa dernière version `{ $latest }` est renouvelée
grouped-with = regroupé avec { $others ->
        [one] { $others } autre CEJ
       *[other] { $others } autres CEJ
    }
draft-kept = le projet qu’il remplace est conservé comme version `{ $kept }` dans `{ $history }`
draft-invalid = la CTG préparée ne passe pas `check` : { $problems }
renewed-summary = { $renewed ->
        [one] { $renewed } CEJ renouvelé
       *[other] { $renewed } CEJ renouvelés
    } en { $drafts ->
        [one] { $drafts } CTG
       *[other] { $drafts } CTG
    }, { $skipped ->
        [one] { $skipped } laissé
       *[other] { $skipped } laissés
    }, { $errors ->
        [one] { $errors } erreur
       *[other] { $errors } erreurs
    } ; compte rendu dans `{ $report }`
name-the-signatory = nommez le signataire de { $epci }
ctg-covers-domain = une CTG doit couvrir le champ « { $domain } », que les CEJ repris ne couvrent pas : ajoutez-lui un axe, ou ce champ à un axe
council-renamed = « Conseil général », nom d’avant mars 2015 (loi n° 2013-403 du 17 mai 2013), devient « Conseil départemental » dans le projet : vérifiez-le, et vérifiez les signataires repris du CEJ, qui ont pu changer depuis
deliberations-to-renew = les délibérations du CEJ n’autorisent pas la signature de la CTG : numéro et date de chaque nouvelle délibération à compléter
list-separator = {"\u202F"};{" "}
renewed-line = { $reference }, ligne { $line } « { $label } » : { $note }
psej-without-bonus = la PSEJ de l’équipement « { $equipment } » n’a pas de bonus territoire : reprise comme « Autre », à revoir
psej-without-equipment = la PSEJ sans équipement n’a pas de bonus territoire : reprise comme « Autre », à revoir
one-off-not-carried = financement ponctuel, non reconduit
carried-at-constant-amount = reconduit à montant constant, à revoir
drafted-from = CTG préparée par `convgen renew` à partir de :
drafted-from-cej = { "  " }{ $reference } ({ $file }, du { $start } au { $end })
to-review =
    À relire avant signature :
    - les délibérations autorisant la signature (celles du CEJ, reprises, ont leur numéro et leur date à compléter) ;
    - la date de signature et le nombre d’exemplaires ;
    - les axes et les actions, repris du CEJ : une CTG repose sur un diagnostic partagé ;
    - les financements : les lignes PSEJ sont devenues des lignes de bonus territoire à montant constant (dernière année du CEJ).

## ---- L’aide de la ligne de commande (`--help`), en français ; l’anglais est celui des
## commentaires de src/cli/args.rs. `cli-<commande>`, `cli-<commande>--<argument>`, ou
## `cli--<argument>` pour un argument commun à plusieurs commandes.
cli-convgen = Les conventions des Caf (CTG, CEJ), de fichiers TOML en documents PDF prêts à signer.
cli-convgen--font_path = Un dossier de polices (.ttf, .otf, .ttc) pour les caractères que les polices fournies n’ont pas (répétable ; un dossier `fonts/` à côté des modèles sert aussi).
cli-convgen--lang = La langue des messages (par défaut : `CONVGEN_LANG`, sinon la langue du système).
cli--help = Afficher l’aide
cli--version = Afficher la version
cli-convgen-help = Afficher l’aide de convgen ou d’une de ses commandes
cli--paths = Fichiers de conventions, ou dossiers où chercher les `*.toml`.
cli--output = Le dossier de sortie (par défaut : `output` ; pour `renew`, `output/renouvellement`).
cli--templates = Un dossier de modèles qui remplacent ou complètent ceux fournis.
cli--report = `terminal` : sur la sortie d’erreur, pour une personne ; `json` : un objet JSON par ligne sur la sortie standard, pour un autre programme (`file`, `reference`, `verdict`, `report`).
cli--strict = Traiter les avertissements comme des erreurs.
cli--draft = Un projet : le filigrane « PROJET » sur chaque page, écrit sous `<référence>-projet.pdf`.
cli--signature_tags = Écrire aussi, invisible dans le cadre de chaque signataire, la balise par laquelle une plateforme de signature place sa signature : `#signature1#`… (iXparapheur) ou `{"{{"}s1|signature|W|H{"}}"}` (Yousign).
cli-convgen-check = Lire et vérifier des fichiers de conventions (un dossier : tous les *.toml qu’il contient).
cli-convgen-render = Vérifier, mettre en forme et produire les conventions en PDF.
cli-convgen-render--format = Ce qu’il faut écrire.
cli-convgen-render--jobs = Documents produits en même temps (par défaut : un par cœur).
cli-convgen-render--timings = Afficher le temps passé dans chaque étape.
cli-convgen-render--force = Produire chaque convention, même celles qui n’ont pas changé depuis la dernière fois (voir `manifest.json`).
cli-convgen-render--no_signature_fields = Ne pas placer les champs de signature électronique vides dans le cadre de chaque signataire.
cli-convgen-renew = Changer les CEJ qui arrivent à échéance en projets de CTG (TOML et PDF « PROJET ») à financement constant.
cli-convgen-renew--expiring_before = Renouveler les CEJ dont la période finit avant cette date (2026-01-01).
cli-convgen-renew--years = Durée des nouvelles CTG, en années (une CTG dure au plus 5 ans).
cli-convgen-renew--start = Premier jour de chaque nouvelle CTG (par défaut : le lendemain de la fin de son CEJ).
cli-convgen-renew--group_by_epci = Une CTG par EPCI pour les CEJ des communes qui le nomment (clé `epci`), signée par l’EPCI et ses communes.
cli-convgen-send = Envoyer par courriel le PDF de chaque convention à ses signataires, une seule fois.
cli-convgen-send--smtp = Le serveur SMTP : `smtp://hôte:port` (STARTTLS s’il est proposé ; en clair seulement en local), `smtp://hôte:587?tls=starttls` (STARTTLS exigé), `smtps://hôte:465` (TLS). Un nom d’utilisateur peut précéder l’hôte (`smtp://utilisateur@hôte`) ; le mot de passe vient de CONVGEN_SMTP_PASSWORD.
cli-convgen-send--from = L’adresse de l’expéditeur (`Caf du Puy-de-Dôme <conventions@caf63.example.fr>`).
cli-convgen-send--dry_run = Écrire chaque message en `.eml` dans ce dossier, sans rien envoyer.
cli-convgen-send--draft = Envoyer des projets à relire (filigrane « PROJET ») au lieu des versions définitives.
cli-convgen-send--resend = Envoyer même ce que le journal dit déjà envoyé.
cli-convgen-send--rate = Au plus tant de messages par minute (`30/min`, ou `30`).
cli-convgen-send--signature_tags = Les balises d’une plateforme de signature dans les PDF envoyés (voir `render`).
cli-convgen-serve = L’espace de travail web sur un dossier de conventions, dans un navigateur.
cli-convgen-serve--dir = Le dossier des fichiers de conventions.
cli-convgen-serve--port = Le port d’écoute (0 : n’importe quel port libre).
cli-convgen-serve--listen = L’adresse d’écoute ; la boucle locale sauf indication contraire.
cli-convgen-serve--open = Ouvrir la page dans le navigateur.
cli-convgen-serve--auth = Qui peut utiliser l’espace de travail : `token`, une personne munie du jeton affiché au démarrage ; `proxy`, une équipe derrière un proxy inverse qui authentifie chacun et le nomme dans `--user-header`.
cli-convgen-serve--user_header = Avec `--auth proxy` : l’en-tête où le proxy nomme l’utilisateur (`X-Remote-User`).
cli-convgen-serve--trusted_proxy = Avec `--auth proxy` : les adresses d’où le proxy se connecte (`10.1.2.3/32`, plusieurs admises) ; une requête de toute autre adresse est refusée.
cli-convgen-serve--public_url = Avec `--auth proxy` : l’adresse qu’ouvrent les utilisateurs (`https://convgen.caf.example`), admise comme `Host` et comme origine.
cli-convgen-schema = Afficher le schéma JSON du format de fichier (pour Taplo / Even Better TOML).
cli-convgen-new = Afficher un fichier d’exemple commenté d’où partir (ou, avec --xlsx, écrire le classeur à remplir pour `import`).
cli-convgen-new--xlsx = Écrire dans ce fichier `.xlsx` le classeur que lit `import`, ses lignes un exemple.
cli-convgen-import = Classeurs (.xlsx, .ods, ou dossiers de .csv nommés d’après les feuilles) → un fichier de convention par ligne de la feuille `conventions`.
cli-convgen-import--books = Les classeurs : `.xlsx`, `.ods`, ou dossiers de fichiers `.csv` nommés d’après les feuilles.
cli-convgen-import--output = Où écrire les fichiers de conventions (par défaut : le dossier courant).
cli-convgen-import--force = Remplacer les fichiers de conventions qui existent (la version précédente est gardée).
cli-convgen-export = Conventions → un classeur (.xlsx, ou dossier de .csv), avec la feuille `annexe` de chaque ligne de financement pour un service financier.
cli-convgen-export--output = Le classeur à écrire : `CLASSEUR.xlsx`, ou un dossier pour des fichiers `.csv`.
cli-convgen-diff = Ce qui a changé entre deux versions d’une convention (fichiers TOML, ou PDF produits par convgen), article par article.
cli-convgen-diff--old = La version antérieure : un fichier de convention, ou un PDF produit par convgen.
cli-convgen-diff--new = La version postérieure.
cli-convgen-diff--format = `text` (en français, article par article) ou `json`.
cli-convgen-avenant = L’avenant qui fait passer une convention d’une version à la suivante : un fichier à relire, `DOSSIER/<référence>-AV<N>.toml`, et son PDF.
cli-convgen-avenant--old = La convention telle que signée (ou telle que son dernier avenant l’a laissée) : un fichier de convention, ou un PDF produit par convgen.
cli-convgen-avenant--new = La convention telle que l’avenant la fait.
cli-convgen-avenant--number = Avenant n° N (par défaut : le numéro qui suit celui d’ANCIENNE, libre dans le dossier de sortie).
cli-convgen-avenant--draft = Écrire aussi le PDF du projet, en filigrane « PROJET » (`<référence>-AV<N>-projet.pdf`).
cli-convgen-avenant--force = Remplacer le fichier d’avenant de ce numéro s’il existe.
cli-convgen-avenant--reason = Pourquoi les parties modifient la convention, dit dans le préambule (« Le présent avenant vise à … »).
## verify et calendar

verified-file = `{ $file }` — { $reference }
verified-unknown-file = `{ $file }` — référence inconnue
verify-status = état : { $status }
verify-signed = signée
verify-partially-signed = partiellement signée : en attente de { $missing }
verify-unsigned = non signée
verify-no-electronic-signature = sans signature électronique
verify-invalid = invalide
verify-original = original : { $original }
original-identical = identique au PDF produit par convgen
original-different = différent du PDF produit par convgen
original-unknown = introuvable — ce poste n’a pas de trace de sa production, ni la source pour le refaire
original-unidentified = ce PDF ne porte pas la référence de { $reference } (ni source jointe, ni empreinte d’un PDF produit ici) : il n’a pas pu être comparé au document produit (copie numérisée ?) ; vérifiez-le à l’œil
original-unidentified-file = ce PDF ne porte la référence d’aucune convention (ni source jointe, ni empreinte d’un PDF produit ici) : il n’a pas pu être comparé au document produit (copie numérisée ?) ; vérifiez-le à l’œil
verify-changes = modifications : { $changes }
changes-none = aucune
changes-signatures-only = signatures seulement
changes-modified = document modifié après sa production
changes-not-compared = impossible à dire : rien à quoi comparer ce PDF
column-signatory = signataire
column-signed = signé
column-signer = certificat
column-time = date
column-intact = intègre
column-trusted = de confiance
yes = oui
no = non
signatory-of = { $name } ({ $party })
other-field = autre champ « { $field } »
signature-problem = { $who } : { $problem }
problem-byte-range = sa plage d’octets ne couvre pas une révision du fichier moins la signature
problem-not-cms = la signature n’est pas un SignedData CMS lisible ({ $detail })
problem-signers = la signature compte { $count } signataires au lieu d’un
problem-no-signer-certificate = le certificat du signataire n’est pas dans la signature
problem-unsupported = algorithme { $algorithm } non pris en charge
problem-no-message-digest = les attributs signés ne donnent pas l’empreinte du document
problem-digest = les octets signés ont changé : leur empreinte n’est pas celle qui a été signée
problem-signature = la signature n’est pas valide pour la clé du certificat
problem-key = la clé du certificat est illisible ({ $detail })
problem-no-issuer = aucun certificat de confiance n’a émis « { $name } »
problem-expired = « { $name } » n’était pas valide à la date de la signature
problem-chain-too-long = la chaîne de certificats est trop longue
trust-unreadable = `{ $path }` : ce n’est pas un certificat ({ $detail })
verdict-recorded = { $count ->
        [one] { $count } verdict inscrit
       *[other] { $count } verdicts inscrits
    } dans `{ $manifest }`
verdict-not-recorded = `{ $file }` : aucun PDF de cette convention dans `{ $manifest }`, le verdict n’y est pas inscrit
verified = { $files ->
        [one] { $files } fichier vérifié
       *[other] { $files } fichiers vérifiés
    }, { $signed ->
        [one] { $signed } signé
       *[other] { $signed } signés
    }
state-draft = projet
state-sent = envoyée
state-partially-signed = signée ({ $signed }/{ $expected })
state-signed = signée
state-to-check = à vérifier
signed-too-large = ce fichier dépasse { $limit } Mio : un PDF signé plus lourd n’est pas accepté
signed-not-pdf = ce fichier n’est pas un PDF (il ne commence pas par « %PDF- ») : déposez le PDF signé que le parapheur a rendu
signed-unreadable = ce PDF ne peut pas être lu : { $detail }
signed-other-convention = ce PDF est la convention { $found }, pas { $expected } : déposez-le depuis la liste ou depuis la page de sa convention
signed-no-reference = la référence de ce PDF est introuvable (aucune source jointe, aucun PDF produit identique) : déposez-le depuis la page de sa convention
signed-is-draft = ce PDF est le projet de { $reference } produit par convgen (filigrane « PROJET »), sans aucune signature : ce n’est pas un retour signé ; rien n’a été gardé
signed-is-produced = ce PDF est le PDF de { $reference } produit par convgen, sans aucune signature : ce n’est pas un retour signé ; rien n’a été gardé
signed-unknown-convention = aucune convention « { $reference } » dans ce dossier
signed-already-received = ce même fichier a déjà été reçu le { $day } : il n’est gardé qu’une fois, sous { $file }
signed-not-recorded = le verdict n’est pas noté : { $reference } n’a pas encore été produite dans cet espace (aucun PDF définitif dans le manifeste)
calendar-name = Échéances des conventions
event-end = Fin de la convention { $reference } ({ $territory })
event-end-detail = « { $title } » prend fin le { $end }.
event-renewal = Préparer le renouvellement de { $reference } ({ $territory })
event-renewal-detail = La convention { $reference } prend fin le { $end } : six mois pour préparer la suivante avec les partenaires.
event-effective = Prise d’effet de l’avenant { $reference } à { $base }
event-effective-detail = L’avenant n° { $number } à la convention { $base } prend effet le { $effective }.
event-reminder = Relancer les signataires de { $reference } ({ $territory })
event-reminder-detail = La convention { $reference }, envoyée le { $sent }, n’est toujours pas revenue signée.
calendar-written = { $events ->
        [one] { $events } échéance
       *[other] { $events } échéances
    } de { $conventions ->
        [one] { $conventions } convention
       *[other] { $conventions } conventions
    } dans `{ $path }`

## ---- L’aide de `verify` et `calendar`.
cli-convgen-verify = Vérifier des PDF signés revenus du parapheur : l’original intact, qui a signé, ce qui a changé depuis.
cli-convgen-verify--pdfs = Les PDF signés, tels qu’une plateforme de signature ou un parapheur les a rendus.
cli-convgen-verify--output = Le dossier de sortie où les PDF ont été produits (par défaut : `output`) : son `manifest.json` dit ce qu’était chacun ; donné, chaque verdict y est noté.
cli-convgen-verify--trust = Un certificat (PEM ou DER) auquel les certificats des signataires doivent remonter (répétable).
cli-convgen-verify--format = `text` (un tableau par fichier) ou `json`.
cli-convgen-calendar = Les échéances des conventions en fichier iCalendar : chaque fin, le renouvellement à préparer six mois avant, la date d’effet d’un avenant, une relance pour une convention envoyée et non signée.
cli-convgen-calendar--output = Le fichier iCalendar à écrire.
cli-convgen-calendar--outputs = Le dossier de sortie de `render` et `send` (par défaut : `output`) : son journal `sent.jsonl` dit ce qui a été envoyé, son manifeste ce qui est revenu signé.
## Étape 20 : le texte et les nouvelles clés

copies-on-paper-only = `copies` compte les originaux papier : une convention signée électroniquement n’en a pas (chaque partie en garde un exemplaire sur support durable)
group-not-consecutive = les partenaires du groupe « { $group } » se suivent : le partenaire { $first } en est, et ceux d’entre eux n’en sont pas
keep-group-together = donnez les partenaires d’un groupe l’un après l’autre
group-of-one = le groupe « { $group } » ne compte qu’un partenaire : un groupe réunit plusieurs partenaires signant comme une seule partie
after-and-replace = un article libre suit un article type (`after`) ou le remplace (`replace`), pas les deux
keep-after-or-replace = gardez `after` ou `replace`
replaced-twice = un autre article libre remplace déjà l’article `{ $article }`
cannot-replace = l’article `{ $article }` ne peut être remplacé : la convention a besoin de ce qu’il dit
write-after-instead = écrivez `after = "{ $article }"` pour ajouter un article après lui
annex-path = `{ $file }` n’est pas un PDF du dossier du fichier de la convention
annex-beside-the-file = donnez le chemin du PDF à partir du dossier du fichier de la convention, terminé par `.pdf`, sans `..` : `annexes/diagnostic.pdf`
annex-encrypted = le PDF est chiffré ou protégé par un mot de passe : enregistrez-le sans protection
annex-damaged = le PDF est illisible : il est endommagé ; enregistrez-le de nouveau depuis le logiciel qui l’a produit
annex-too-many-pages = le PDF compte { $pages } pages : une annexe en compte au plus { $limit }
pilotage-over-15 = en { $year }, le pilotage (coordination, diagnostic) prend { $pilotage } de la PSEJ de la Caf, qui est de { $psej } : plus de 15 %{ $others ->
        [0] {""}
        [one] {" "}(et une autre année)
       *[other] {" "}(et { $others } autres années)
    }
lower-pilotage = les conditions générales du CEJ réservent au moins 85 % de la PSEJ à l’accueil des enfants et des jeunes : réduisez les lignes de coordination et de diagnostic
seat-missing = cette partie n’a pas de siège, alors que { $given } des { $parties } parties { $given ->
        [one] en a un
       *[other] en ont un
    }
every-seat-or-none = donnez son siège à chaque partie, ou à aucune : un juriste lit un siège omis comme une partie incomplète
date-of-the-former-deliberation = c’est la date de la délibération reprise : donnez celle de la nouvelle délibération, avec son numéro
deliberation-long-before-period = cette délibération date de plus de deux ans avant le début de la période ({ $start }) : si c’est celle de la convention précédente, donnez la date de celle qui autorise la signature de la présente convention
changed-since-signed = la convention est datée comme signée le { $date } et son fichier a changé depuis : un PDF final ne serait pas le texte signé. Téléchargez le texte signé, ou le fichier modifié comme projet
changed-since-signed-send = la convention est datée comme signée le { $date } et son fichier a changé depuis : elle ne peut pas être envoyée comme version définitive à signer. Envoyez-la comme projet, ou faites de ses changements un avenant
avenant-to-a-convention-over-send = la convention modifiée a pris fin le { $end } : un avenant ne peut plus la modifier, il n’est pas envoyé comme version définitive à signer. Envoyez-le comme projet pour en discuter, retirez-le (« Retirer cet avenant »), ou préparez une nouvelle convention
avenant-to-a-convention-over-pdf = la convention modifiée a pris fin le { $end } : un avenant ne peut plus la modifier, son PDF définitif n’est pas produit. Téléchargez-le comme projet pour en discuter, retirez-le (« Retirer cet avenant »), ou, s’il a été signé avant cette date, donnez sa date de signature
deliberation-before-base = cette délibération est antérieure à la signature de la convention modifiée ({ $signed })
new-deliberation = chaque partie signe un avenant en vertu d’une délibération qui lui est propre : donnez sa date et son numéro
## L’espace de travail d’une équipe, derrière le mandataire de la Caf
serve-behind-proxy = convgen serve : { $dir } — pour une équipe, derrière son mandataire (les utilisateurs ouvrent { $public }), à l’écoute sur { $address }
proxy-needs-user-header = `--auth proxy` demande `--user-header NOM`, l’en-tête où le mandataire nomme l’utilisateur
proxy-needs-trusted-proxy = `--auth proxy` demande `--trusted-proxy CIDR`, les adresses d’où le mandataire joint l’espace de travail
proxy-option-invalid = `{ $option } { $value }` : valeur inutilisable (un nom d’en-tête ; un réseau comme `10.0.0.0/8` ; une adresse comme `https://convgen.caf.example`)
proxy-option-without-proxy = `{ $option }` ne sert qu’avec `--auth proxy`
avenant-from-invalid = la version « De » ({ $version }) a des erreurs — { $problem } : choisissez une version valide (marquée « valide » dans la liste)
avenant-to-invalid = la version « À » ({ $version }) a des erreurs — { $problem } : corrigez-la, ou choisissez une version valide (marquée « valide » dans la liste)
current-version = la version actuelle du fichier
saved-version = la version du { $when }
sent-version = la version envoyée le { $when }
left-by-avenant = la convention telle que l’avenant n° { $number } la laisse
avenant-not-taken-in = les changements de l’avenant n° { $number } et ceux faits depuis dans le fichier touchent les mêmes lignes : reportez à la main ceux de l’avenant (« Voir les changements » depuis « la convention telle que l’avenant n° { $number } la laisse ») ; rien n’a été écrit
avenant-would-undo = le fichier de la convention ne reprend pas ce que change l’avenant n° { $number } : un avenant préparé d’ici le déferait ; reprenez-le d’abord dans la convention (« Reprendre l’avenant n° { $number } dans la convention ») ; rien n’a été écrit
avenant-from-its-convention = un avenant se prépare depuis la page de la convention qu’il modifie, non depuis celle d’un avenant ; rien n’a été écrit
avenant-in-error = l’avenant n° { $number } a des erreurs : corrigez-le d’abord, ou retirez-le s’il ne sera pas signé (« Retirer cet avenant », sur sa page) ; un nouvel avenant répéterait son changement ou s’appuierait sur un texte que personne ne peut signer ; rien n’a été écrit
avenant-not-signed-not-taken-in = l’avenant n° { $number } n’est ni daté ni revenu signé : le fichier de la convention ne reprend que ce que changent les avenants signés ; s’il l’a été, donnez sa date de signature sur sa page, sinon retirez-le (« Retirer cet avenant ») ; rien n’a été écrit
withdraw-only-avenant = seul un avenant préparé et non signé se retire ; une convention se modifie par avenant ; rien n’a été retiré
withdraw-signed = l’avenant n° { $number } est signé : il ne se retire pas, un nouvel avenant le modifie ; rien n’a été retiré
withdraw-not-last = l’avenant n° { $later } suit l’avenant n° { $number } : retirez d’abord l’avenant n° { $later } ; rien n’a été retiré

## Ce qui arrête une commande avant qu’elle commence

password-in-settings = `{ $file }` : le mot de passe SMTP ne se lit que dans { $variable }
settings-problem = `{ $file }` : { $problem }
no-sender = pas d’expéditeur : donnez `--from`, CONVGEN_MAIL_FROM ou `from` dans la table `[mail]` de convgen.toml
bad-address = { $what } `{ $address }` : { $reason }
bad-rate = cadence `{ $rate }` : écrivez un nombre de messages par minute, comme `30/min`
no-smtp-server = pas de serveur SMTP : donnez `--smtp`, CONVGEN_SMTP_URL ou `smtp` dans convgen.toml (ou `--dry-run DOSSIER`)
no-smtp-password = l’URL SMTP nomme un utilisateur : définissez { $variable }
templates-unreadable = impossible de lire le dossier de modèles `{ $dir }` : { $reason }
template-too-large = le fichier de modèle `{ $path }` est trop grand
cannot-serve = impossible de servir l’espace de travail ({ $reason })
cannot-write-workbook = impossible d’écrire le classeur ({ $reason })
no-randomness = pas d’aléa pour le jeton de l’espace de travail ({ $reason })
not-a-date = `{ $text }` n’est pas une date : écrivez AAAA-MM-JJ

## Les réponses de l’espace de travail

serve-no-convention = aucune convention « { $reference } » dans ce dossier
serve-ambiguous = plusieurs fichiers portent la référence « { $reference } » ({ $files }) : ouvrez-les depuis la liste et donnez à chacun la sienne
serve-file-has-errors = le fichier a des erreurs : corrigez-les pour { $purpose }
serve-annex-not-pdf = ce fichier n’est pas un PDF : une annexe jointe est un PDF
serve-too-many-annexes = trop d’annexes nommées « { $name } »
to-produce-the-pdf = produire le PDF
to-see-its-pages = voir ses pages
to-send-it = l’envoyer
page-names = les pages sont `1.png`, `2.png`…
draft-pages = le projet a { $pages ->
        [one] { $pages } page
       *[other] { $pages } pages
    }
send-the-etag = envoyez l’etag lu, en en-tête `If-Match`
file-changed-since-opened = le fichier a changé depuis son ouverture : rechargez-le ; votre texte reste sur la page
edit-not-toml = le fichier n’est pas du TOML valide : corrigez d’abord sa source ({ $detail })
edit-no-such-key = pas de « { $key } » dans le fichier
edit-bad-path = « { $key } » n’est pas un chemin de clé (`partners[2].signatories[1].name`)
edit-bad-value = valeur impossible pour « { $key } »
ambiguous-amount = « { $typed } » : { $thousands } ou { $decimal } ? Précisez le montant.
kind-is-ctg-or-cej = le type est « ctg » ou « cej »
exists-or-reference-taken = « { $file } » existe déjà, ou un autre fichier porte cette référence
not-in-the-history = cette version n’est pas dans l’historique
cej-end-as-date = date de fin des CEJ : écrivez AAAA-MM-JJ
ctg-start-as-date = début des CTG : écrivez AAAA-MM-JJ
renew-periods-over = sans « Début des CTG », ces CTG commenceraient le lendemain de la fin de leur CEJ et seraient déjà finies : choisissez leur début, ou renouvelez-les quand même ; rien n’a été écrit
renew-drafts-replaced = ces projets de CTG existent déjà et diffèrent de ce que le renouvellement écrirait (modifiés depuis, peut-être) : remplacez-les (leur texte actuel restera dans leur historique), ou annulez ; rien n’a été écrit
row-over-file-with-errors = le fichier a des erreurs : la ligne du classeur le remplace entièrement
ctg-lasts-one-to-five-years = une CTG dure de 1 à 5 ans
sending-off = l’envoi n’est pas configuré sur ce poste ({ $why })
not-a-workbook = ce fichier n’est pas un classeur .xlsx ou .ods
version-unchanged = aucun changement
version-reformatted = mise en forme du fichier, même contenu
version-change = { $article } : { $subject } { $change ->
        [added] ajouté
        [added-feminine] ajoutée
        [removed] retiré
        [removed-feminine] retirée
        [changed-feminine] modifiée
       *[other] modifié
    }
version-funding = financement : { $line }
version-funding-years = financement : { $line } ({ $years })
version-more = et { $count ->
        [one] { $count } autre changement
       *[other] { $count } autres changements
    }
version-has-errors = une des deux versions a des erreurs : corrigez-la, ou choisissez-en une autre
only-through-proxy = cet espace de travail ne répond qu’à travers le mandataire de la Caf
sign-in-through-caf = connectez-vous par l’authentification de la Caf
only-own-address = cet espace de travail ne répond qu’à sa propre adresse
no-other-site = une requête d’un autre site n’est pas admise
changes-from-the-page = une modification doit venir de la page de l’espace de travail
open-with-token = ouvrez l’adresse affichée par `convgen serve`, avec son jeton

## Le courrier

smtp-url-invalid = l’URL SMTP n’est pas valide ({ $detail })
smtp-url-password = l’URL SMTP contient un mot de passe : retirez-le et définissez { $variable }
smtp-url-no-host = l’URL SMTP ne nomme aucun serveur
smtp-url-tls = `tls={ $value }` inconnu : écrivez `tls=starttls`
smtp-url-scheme = schéma `{ $scheme }` inconnu : écrivez smtp:// ou smtps://
mail-tls = échec de la mise en place de TLS ({ $detail })
mail-refused = refusé par le serveur : { $detail }
mail-unreachable = échec après { $attempts } tentatives : { $detail }
mail-retry = échec temporaire ({ $detail }) ; nouvelle tentative dans { $seconds } s
