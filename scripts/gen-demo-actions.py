#!/usr/bin/env python3
"""gen-demo-actions.py - write the candidatures, jury decisions and actions of
the shipped demo (label 2018, Hauts-de-France).

Inputs (run from the repository root; every path can be changed):
  input/demo/2018/codes.csv            the reviewed name -> code table
                                       (scripts/resolve-names.py)
  input/demo/2018/palmares-publie.csv  the published 2018 list: the arobases
  input/demo/2018/referentiel.json     the example référentiel: the services
  input/demo/2018/rules.json           closing date and window of label 2018
  $COLLECTIVITES or input/collectivites/epci.json
                                       which candidates share an EPCI

Outputs, in OUTDIR (default input/demo/2018/):
  candidatures.csv  code;nom;departement;type;adherent;date_validation
      real code, official name, département of the published list; type
      territoire for an EPCI, village for a commune under 2,000 inhabitants
      and ville otherwise (this example's convention: a commune chooses for
      itself); adherent oui; a validation date in October 2017, before the
      closing date (example values).
  jury.csv          code;nom;arobases;mentions;alerte;hors_concours;derogation
      the published arobases; no mention, alerte unknown (empty), no
      derogation.
  actions.csv       Id_Action;Titre;Sous-titre ;Date;Statut;Collectivité;Services;Synthèse
      example actions as the platform's Excel export writes them: UTF-8 with
      a BOM, `;`, CRLF row ends, LF inside multi-line cells, dates dd/mm/yyyy.
      Each candidate gets a number of actions and a range of services that
      grow with its arobases; a few actions are shared by two communes of the
      same EPCI (`59014, 59447`).  Statuses Réalisée, En cours, Prévue; dates
      mostly in 2016-2017, some in 2015 and 2018.  BROKEN lists the rows
      ingest must reject.

All three are sorted (by code, by Id_Action).  The random choices come from
a SplitMix64 generator with a fixed seed, written here so that the output
does not depend on the Python version.  Python 3 standard library only.
"""

import argparse
import csv
import io
import json
import os
import sys
import tempfile

SEED = 2018
FIRST_ID = 10001
MIN_ACTIONS = 2000
VILLAGE_UNDER = 2000

# Actions and share of the 139 services per collectivité, by arobases.
ACTIONS_BY_AROBASES = {1: 30, 2: 50, 3: 75, 4: 100, 5: 130}
SHARE_BY_AROBASES = {1: 0.15, 2: 0.25, 3: 0.40, 4: 0.55, 5: 0.72}
SHARED_ACTIONS = 60

# The rows ingest must reject: (what is changed, value, reason).
BROKEN = [
    ("Date", "31/02/2017", "impossible date"),
    ("Statut", "Abandonnée", "unknown status"),
    ("Collectivité", "", "empty Collectivité"),
    ("Date", "31/04/2016", "impossible date"),
    ("Collectivité", "99999", "unknown INSEE code"),
    ("Statut", "Abandonnée", "unknown status"),
    ("Collectivité", "", "empty Collectivité"),
]

HEADER = ["Id_Action", "Titre", "Sous-titre ", "Date", "Statut", "Collectivité",
          "Services", "Synthèse"]

MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre"]

SOUS_TITRES = [
    "Pour les seniors", "Pour les familles", "Avec les écoles élémentaires",
    "Quartier du centre-ville", "Quartiers prioritaires",
    "En partenariat avec le centre social", "Avec la médiathèque",
    "Sur tout le territoire", "Projet mené avec l'intercommunalité",
    "Ouvert à tous les habitants", "Pour les associations", "Pour les commerçants",
    "Pour les agents", "Pour les jeunes de 11 à 25 ans", "Mairie annexe",
    "Accessible 24 h sur 24", "Expérimentation", "Suite du projet 2016",
    "Nouveau service", "Accueil sans rendez-vous",
]
SUFFIXES = ["deuxième édition", "phase 2", "extension à tous les quartiers",
            "nouvelle version", "bilan et perspectives", "lancement"]
PORTEURS = ["le service communication", "le service informatique",
            "le centre communal d'action sociale", "la médiathèque",
            "le service éducation", "le service jeunesse",
            "la direction des systèmes d'information", "le service culture",
            "l'office de tourisme", "le service développement économique"]
PARTENAIRES = ["le département", "la région Hauts-de-France", "l'intercommunalité",
               "les associations du quartier", "les écoles", "la caisse d'allocations familiales",
               "Pôle emploi", "la chambre de commerce et d'industrie", "un collège",
               "une association d'éducation populaire"]
OBJECTIFS = ["simplifier les démarches", "toucher les publics éloignés du numérique",
             "réduire les déplacements", "associer les habitants aux décisions",
             "ouvrir les données publiques", "former les agents",
             "soutenir le commerce local", "rendre le service accessible à tous"]
ETAPES = ["l'ouverture aux communes voisines", "une version mobile",
          "l'évaluation avec les usagers", "la formation des agents d'accueil",
          "l'ouverture des données", "un second lieu d'accueil"]


class Rng:
    """SplitMix64: a small, fixed pseudo-random generator."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def below(self, n):
        """An integer in [0, n)."""
        return self.next64() % n

    def unit(self):
        """A number in [0, 1) with 53 bits."""
        return (self.next64() >> 11) / float(1 << 53)

    def choice(self, seq):
        return seq[self.below(len(seq))]

    def weighted(self, pairs):
        """One value of [(value, weight), ...], weights positive integers."""
        r = self.below(sum(w for _, w in pairs))
        for v, w in pairs:
            if r < w:
                return v
            r -= w
        raise AssertionError("unreachable")

    def shuffle(self, seq):
        for i in range(len(seq) - 1, 0, -1):
            j = self.below(i + 1)
            seq[i], seq[j] = seq[j], seq[i]

    def sample(self, seq, k):
        pool = list(seq)
        self.shuffle(pool)
        return pool[:k]


def die(msg):
    sys.stderr.write("gen-demo-actions: %s\n" % msg)
    sys.exit(65)


def read_csv(path, delimiter):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_atomic(path, text, bom=False):
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)   # mkstemp makes it 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def csv_text(rows, lineterminator="\n"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator=lineterminator)
    w.writerows(rows)
    return buf.getvalue()


def days_in_month(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28
    return 30 if m in (4, 6, 9, 11) else 31


def candidates(codes_path, published_path):
    """The candidates, sorted by code: dicts code, nom, departement, type,
    population, arobases."""
    published = {}
    for r in read_csv(published_path, ","):
        published[(r["nom"], r["departement"])] = int(r["arobases"])
    out = []
    for r in read_csv(codes_path, ";"):
        key = (r["nom_publie"], r["departement"])
        if key not in published:
            die("%s: %s (%s) is not in %s" % (codes_path, key[0], key[1], published_path))
        if r["type"] == "epci":
            typ = "territoire"
        elif int(r["population"]) < VILLAGE_UNDER:
            typ = "village"
        else:
            typ = "ville"
        out.append({"code": r["code"], "nom": r["nom_officiel"],
                    "departement": r["departement"], "type": typ,
                    "population": int(r["population"]), "arobases": published.pop(key)})
    if published:
        die("%s: names missing from the table: %s"
            % (codes_path, ", ".join(sorted(n for n, _ in published))))
    out.sort(key=lambda c: c["code"])
    return out


def write_candidatures(cands, rules, outdir):
    rng = Rng(SEED * 1000 + 1)
    cloture = rules["dates"]["cloture"]
    rows = [["code", "nom", "departement", "type", "adherent", "date_validation"]]
    for c in cands:
        date = "2017-10-%02d" % (2 + rng.below(30))
        assert date < cloture
        rows.append([c["code"], c["nom"], c["departement"], c["type"], "oui", date])
    write_atomic(os.path.join(outdir, "candidatures.csv"), csv_text(rows))
    rows = [["code", "nom", "arobases", "mentions", "alerte", "hors_concours", "derogation"]]
    for c in cands:
        rows.append([c["code"], c["nom"], str(c["arobases"]), "", "", "", ""])
    write_atomic(os.path.join(outdir, "jury.csv"), csv_text(rows))


def shared_groups(cands, collectivites):
    """Lists of candidate communes (codes) that belong to one EPCI, 2 or more."""
    codes = {c["code"] for c in cands}
    groups = []
    for e in read_json(os.path.join(collectivites, "epci.json")):
        m = sorted(x["code"] for x in e.get("membres", []) if x["code"] in codes)
        if len(m) >= 2:
            groups.append(m)
    groups.sort()
    return groups


def elide(prefix, nom):
    """'de Arras' -> "d'Arras"."""
    if nom[:1] in "AEIOUYÉÈÊÂÎÔH":
        return prefix[:-1] + "'" + nom
    return prefix + " " + nom


class Writer:
    """Builds the cells of one action."""

    def __init__(self, rng, services):
        self.rng = rng
        self.services = services   # id -> nom

    def date(self):
        rng = self.rng
        y = rng.weighted([(2015, 6), (2016, 38), (2017, 50), (2018, 6)])
        m = 1 + rng.below(3 if y == 2018 else 12)
        d = 1 + rng.below(days_in_month(y, m))
        return y, m, d

    def title(self, sid, year):
        rng = self.rng
        nom = self.services[sid]
        k = rng.below(100)
        if k < 50:
            return nom
        if k < 65:
            return "%s : %s" % (nom, rng.choice(SUFFIXES))
        if k < 75:
            return "%s (%d)" % (nom, year)
        if k < 85:
            return "Mise en place du service « %s »" % nom
        if k < 90:
            return 'Opération "%s"' % nom
        return "%s avec %s" % (nom, rng.choice(PARTENAIRES))

    def subtitle(self, c):
        rng = self.rng
        if rng.below(100) < 15:
            return ""
        if c["type"] == "territoire" and rng.below(3) == 0:
            return "Dans toutes les communes de l'agglomération"
        return rng.choice(SOUS_TITRES)

    def synthesis(self, c, year):
        rng = self.rng
        k = rng.below(100)
        if k < 8:
            return ""
        if k < 16:
            kind = rng.below(3)
            if kind == 0:
                lines = ["Objectifs :"] + ["- " + o for o in rng.sample(OBJECTIFS, 3)]
            elif kind == 1:
                lines = ["Partenaires :"] + ["- " + p for p in rng.sample(PARTENAIRES, 2)]
            else:
                m1 = rng.below(6)
                lines = ["Calendrier :",
                         "- %s %d : étude" % (MOIS[m1], year - 1),
                         "- %s %d : ouverture au public" % (MOIS[m1 + 3 + rng.below(3)], year - 1)]
            return "\n".join(lines)
        conseil = "conseil communautaire" if c["type"] == "territoire" else "conseil municipal"
        entite = {"territoire": "l'agglomération", "village": "la commune",
                  "ville": "la ville"}[c["type"]]
        templates = [
            lambda: "Le service est ouvert depuis %s %d." % (rng.choice(MOIS), year - rng.below(2)),
            lambda: "%d habitants l'ont utilisé la première année." % (20 + rng.below(1500)),
            lambda: "Projet porté par %s." % rng.choice(PORTEURS),
            lambda: "Réalisé avec %s." % rng.choice(PARTENAIRES),
            lambda: "Le bilan sera présenté au %s." % conseil,
            lambda: "Prochaine étape : %s." % rng.choice(ETAPES),
            lambda: "Budget : %d euros, dont une subvention de %d %%."
                    % (1000 * (2 + rng.below(80)), 10 * (1 + rng.below(6))),
            lambda: "Deux volets ; l'un pour les écoles, l'autre pour les familles.",
            lambda: ("Les habitants %s y accèdent depuis le site de %s."
                     % (elide("de", c["nom"]), entite)) if c["type"] != "territoire"
                    else "Les habitants de l'agglomération y accèdent depuis son site.",
            lambda: "Une évaluation est prévue avec les usagers.",
        ]
        n = 1 + rng.below(3)
        picks = rng.sample(range(len(templates)), n)
        return " ".join(templates[i]() for i in sorted(picks))

    def action(self, cs, profile):
        """The cells (without Id_Action) of an action of the collectivités cs
        (list of candidate dicts) using services of profile (sorted ids)."""
        rng = self.rng
        k = rng.weighted([(1, 60), (2, 30), (3, 10)])
        sids = sorted(rng.sample(profile, min(k, len(profile))))
        y, m, d = self.date()
        statut = rng.weighted([("Réalisée", 55), ("En cours", 33), ("Prévue", 12)])
        return [self.title(sids[0], y), self.subtitle(cs[0]), "%02d/%02d/%d" % (d, m, y),
                statut, ", ".join(c["code"] for c in cs), ", ".join(sids),
                self.synthesis(cs[0], y)]


def write_actions(cands, referentiel, rules, collectivites, outdir):
    rng = Rng(SEED * 1000 + 2)
    services = {}
    for a in referentiel["axes"]:
        for e in a["enjeux"]:
            for u in e["usages"]:
                for s in u["services"]:
                    services[s["id"]] = s["nom"]
    all_ids = sorted(services)
    wr = Writer(rng, services)
    profiles = {}
    actions = []
    for c in cands:
        a = c["arobases"]
        size = max(6, round(len(all_ids) * SHARE_BY_AROBASES[a] * (0.9 + 0.2 * rng.unit())))
        profiles[c["code"]] = sorted(rng.sample(all_ids, size))
        n = round(ACTIONS_BY_AROBASES[a] * (0.85 + 0.3 * rng.unit()))
        for _ in range(n):
            actions.append(wr.action([c], profiles[c["code"]]))
    by_code = {c["code"]: c for c in cands}
    groups = shared_groups(cands, collectivites)
    for _ in range(SHARED_ACTIONS if groups else 0):
        pair = sorted(rng.sample(rng.choice(groups), 2))
        profile = sorted(set(profiles[pair[0]]) | set(profiles[pair[1]]))
        actions.append(wr.action([by_code[x] for x in pair], profile))
    rng.shuffle(actions)

    # The broken rows: ordinary actions with one cell made wrong, spread
    # through the file.
    ci = {h: i - 1 for i, h in enumerate(HEADER)}
    step = len(actions) // (len(BROKEN) + 1)
    broken_at = []
    for i, (col, value, _) in enumerate(BROKEN):
        pos = step * (i + 1) + i
        row = wr.action([rng.choice(cands)], all_ids)
        row[ci[col]] = value
        actions.insert(pos, row)
        broken_at.append(pos)

    rows = [HEADER]
    lines = [1]          # physical line of each row, 1 = header
    line = 2
    for i, a in enumerate(actions):
        rows.append([str(FIRST_ID + i)] + a)
        lines.append(line)
        line += 1 + sum(cell.count("\n") for cell in a)
    if len(actions) - len(BROKEN) < MIN_ACTIONS:
        die("only %d valid actions, fewer than %d" % (len(actions) - len(BROKEN), MIN_ACTIONS))
    write_atomic(os.path.join(outdir, "actions.csv"), csv_text(rows, "\r\n"), bom=True)

    # What the pipeline should make of it, for the README and the tests.
    broken = set(broken_at)
    first, last = rules["fenetre"]["premiere_annee"], rules["fenetre"]["derniere_annee"]
    prevue = outside = kept = 0
    for i, a in enumerate(actions):
        if i in broken:
            continue
        year = int(a[2][-4:])
        if a[3] == "Prévue":
            prevue += 1
        elif not first <= year <= last:
            outside += 1
        else:
            kept += 1
    multi = sum(1 for a in actions if any("\n" in cell for cell in a))
    shared = sum(1 for a in actions if "," in a[4])
    sys.stderr.write("gen-demo-actions: actions.csv: %d rows, %d broken, %d valid "
                     "(prevue %d, outside window %d, retained %d), %d multi-line, "
                     "%d shared by two communes\n"
                     % (len(actions), len(BROKEN), len(actions) - len(BROKEN),
                        prevue, outside, kept, multi, shared))
    for pos, (col, value, why) in zip(broken_at, BROKEN):
        sys.stderr.write("gen-demo-actions: broken: Id_Action %d, line %d: %s %s (%s)\n"
                         % (FIRST_ID + pos, lines[pos + 1], col, '"%s"' % value, why))


def main():
    p = argparse.ArgumentParser(prog="gen-demo-actions",
                                description="Write candidatures.csv, jury.csv and the "
                                "example actions.csv of the demo.")
    d = "input/demo/2018/"
    p.add_argument("--codes", default=d + "codes.csv")
    p.add_argument("--published", default=d + "palmares-publie.csv")
    p.add_argument("--referentiel", default=d + "referentiel.json")
    p.add_argument("--rules", default=d + "rules.json")
    p.add_argument("--collectivites",
                   default=os.environ.get("COLLECTIVITES") or "input/collectivites")
    p.add_argument("--outdir", default=d)
    args = p.parse_args()
    cands = candidates(args.codes, args.published)
    rules = read_json(args.rules)
    write_candidatures(cands, rules, args.outdir)
    write_actions(cands, read_json(args.referentiel), rules, args.collectivites, args.outdir)
    sys.stderr.write("gen-demo-actions: candidatures.csv and jury.csv: %d rows\n" % len(cands))


if __name__ == "__main__":
    main()
