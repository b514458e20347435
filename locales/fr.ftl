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
        [one] 1 fichier vérifié
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
        [one] 1 autre problème
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
not-a-siren = « { $value } » n’est pas un SIREN : 9 chiffres attendus
siren-check-digit = le SIREN « { $value } » a une clé de contrôle fausse
siren-luhn = un SIREN vérifie la clé de Luhn : cherchez un chiffre mal saisi
not-an-email = « { $value } » n’est pas une adresse électronique
amount-negative = un montant ne peut pas être négatif
amount-decimals = un montant a au plus deux décimales (les centimes)
amount-too-large = un montant reste sous le milliard d’euros
not-an-amount = ce n’est pas un montant : écrivez 12500, 12500.5, "12500.50" ou "12 500,50"
no-font-has-it = `{ $character }` (U+{ $code } { $name }) ne peut être affiché par aucune police disponible
give-a-font = donnez une police qui le contient : `--font-path DOSSIER`, ou un dossier `fonts/` à côté des modèles

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
deliberation-after-signature = la délibération est datée d’après la signature
year-outside-the-period = { $year } est hors de la période ({ $first }-{ $last })
no-such-axis = il n’y a pas d’axe { $axis } : le fichier en compte { $count }
partner-funder-unnamed = une ligne financée par un partenaire le nomme
add-funder-name = ajoutez `funder_name = "…"`
funder-name-only-for-partners = `funder_name` ne sert que pour `funder = "partner"`
cej-line-names-who-is-paid = une ligne d’un CEJ nomme son bénéficiaire
add-beneficiary = ajoutez `beneficiary = "…"` : le gestionnaire de l’équipement, ou la collectivité
psej-in-a-ctg = la PSEJ est celle des CEJ : une CTG est financée par des lignes de bonus territoire
bonus-in-a-cej = le bonus territoire est celui des CTG : un CEJ est financé par la PSEJ
bonus-equipment = une ligne `{ $kind }` finance l’équipement « { $bonus } », et non « { $equipment } »
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
cell-holds-error = la cellule contient l’erreur { $error }
not-cents = { $number } n’est pas un montant en euros et centimes : deux décimales au plus

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
nothing-changed = rien n’a changé entre les deux versions de `{ $reference }` : il n’y a pas d’avenant à écrire

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
ctg-covers-domain = une CTG couvre le champ { $domain } : ajoutez-lui un axe ou un champ
renewed-line = { $reference }, ligne { $line } « { $label } » : { $note }
psej-without-bonus = la PSEJ de l’équipement `{ $equipment }` n’a pas de bonus territoire : reprise en `autre`, à revoir
psej-without-equipment = la PSEJ sans équipement n’a pas de bonus territoire : reprise en `autre`, à revoir
one-off-not-carried = financement ponctuel, non reconduit
carried-at-constant-amount = reconduit à montant constant, à revoir
drafted-from = CTG préparée par `convgen renew` à partir de :
drafted-from-cej = { "  " }{ $reference } ({ $file }, du { $start } au { $end })
to-review =
    À relire avant signature :
    - les délibérations autorisant la signature (celles du CEJ ne sont pas reprises) ;
    - la date de signature et le nombre d’exemplaires ;
    - les axes et les actions, repris du CEJ : une CTG repose sur un diagnostic partagé ;
    - les financements : les lignes PSEJ sont devenues des lignes de bonus territoire à montant constant (dernière année du CEJ).

## L’espace de travail d’une équipe, derrière le mandataire de la Caf
serve-behind-proxy = convgen serve : { $dir } — pour une équipe, derrière son mandataire (les utilisateurs ouvrent { $public }), à l’écoute sur { $address }
proxy-needs-user-header = `--auth proxy` demande `--user-header NOM`, l’en-tête où le mandataire nomme l’utilisateur
proxy-needs-trusted-proxy = `--auth proxy` demande `--trusted-proxy CIDR`, les adresses d’où le mandataire joint l’espace de travail
proxy-option-invalid = `{ $option } { $value }` : valeur inutilisable (un nom d’en-tête ; un réseau comme `10.0.0.0/8` ; une adresse comme `https://convgen.caf.example`)
proxy-option-without-proxy = `{ $option }` ne sert qu’avec `--auth proxy`
