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
annex-too-many-pages = le PDF compte { $pages } pages : une annexe en compte au plus { $limit }
pilotage-over-15 = en { $year }, le pilotage (coordination, diagnostic) prend { $pilotage } de la PSEJ de la Caf, qui est de { $psej } : plus de 15 %{ $others ->
        [0] {""}
        [one] {" "}(et une autre année)
       *[other] {" "}(et { $others } autres années)
    }
lower-pilotage = les conditions générales du CEJ réservent au moins 85 % de la PSEJ à l’accueil des enfants et des jeunes : réduisez les lignes de coordination et de diagnostic
deliberation-before-base = cette délibération est antérieure à la signature de la convention modifiée ({ $signed })
new-deliberation = chaque partie signe un avenant en vertu d’une délibération qui lui est propre : donnez sa date et son numéro
