"""The French catalogue: English text or a message id → French."""

from __future__ import annotations

UI: dict[str, str] = {
    # queue
    "Call queue": "File d'appels",
    "to call": "à appeler",
    "overdue": "en retard",
    "promises": "promesses",
    "block time": "durée du créneau",
    "Debtor": "Débiteur",
    "Overdue": "Impayé",
    "Days late": "Jours",
    "late": "retard",
    "What is due": "Motif",
    "Stage": "Étape",
    "Search debtor or invoice number": "Chercher un débiteur ou un n° de facture",
    "All overdue": "Tous les retards",
    "Due today": "À faire aujourd'hui",
    "Broken promises": "Promesses non tenues",
    "Open file": "Ouvrir la fiche",
    "Call": "Appeler",
    "Search": "Chercher",
    "Filter": "Filtre",
    "Quit": "Quitter",
    "Refresh": "Actualiser",
    "Next page": "Page suivante",
    "Previous page": "Page précédente",
    "page": "page",
    "Nobody to call today.": "Personne à appeler aujourd'hui.",
    "The database is empty.": "La base est vide.",
    "Import your invoices with `dunning import FILE.csv`, or load demo data with `dunning demo`.": "Importez vos factures avec `dunning import FICHIER.csv`, ou chargez la démo avec `dunning demo`.",
    "Loading…": "Chargement…",
    # reasons and stages
    "broken promise": "promesse rompue",
    "you said": "engagement",
    "deadline": "délai échu",
    "escalate": "escalade",
    "follow-up call": "relance tél.",
    "letter": "lettre",
    "generic email": "mail général",
    "formal notice": "mise en dem.",
    "commitment": "engagement",
    "call back": "rappel",
    "first call": "premier appel",
    "cadence call": "relance",
    "promise check": "vérif. promesse",
    "notice deadline": "échéance mise en demeure",
    "escalation": "escalade",
    "calls": "appels",
    "written reminder": "relance écrite",
    "procedure": "procédure",
    # debtor file
    "Debtor file": "Fiche débiteur",
    "Back": "Retour",
    "Total due": "Total dû",
    "oldest due date": "plus ancienne échéance",
    "days late": "jours de retard",
    "d": "j",
    "Invoices": "Factures",
    "Number": "Numéro",
    "Due": "Échéance",
    "Total": "Total",
    "Balance": "Solde",
    "Status": "Statut",
    "Supporting documents": "Pièces justificatives",
    "Contacts": "Contacts",
    "ask for first": "à demander en premier",
    "company": "standard",
    "Timeline": "Historique",
    "Promises": "Promesses",
    "Profile": "Profil",
    "First time late": "Premier retard",
    "Has paid late before": "A déjà payé en retard",
    "Warnings": "Points d'attention",
    "Objective for this call": "Objectif de l'appel",
    "Latest acceptable date": "Date limite acceptable",
    "Payment plan acceptable": "Échéancier acceptable",
    "Max instalments": "Échéances max.",
    "Before dialling": "Avant de composer",
    "Is the invoice complete (PO number, right entity)?": "La facture est-elle complète (n° de commande, bonne entité) ?",
    "Was it sent to the right person, and received?": "A-t-elle été envoyée à la bonne personne, et reçue ?",
    "Does their accounting need anything else?": "Leur comptabilité a-t-elle besoin d'autre chose ?",
    "Your limit: latest date and plan decided above.": "Votre limite : date et échéancier fixés ci-dessus.",
    "A payment arrived since the last call: check before dialling.": "Un paiement est arrivé depuis le dernier appel : vérifiez avant d'appeler.",
    "No purchase-order reference on": "Pas de référence de commande sur",
    "Never acknowledged by the client:": "Jamais confirmée par le client :",
    "Paused until": "En pause jusqu'au",
    "Consumer: no B2B penalties.": "Particulier : pas de pénalités B2B.",
    "Late-payment penalties": "Pénalités de retard",
    "interest": "intérêts",
    "indemnity": "indemnité",
    "Start the call": "Lancer l'appel",
    "Not a date I understand": "Date non comprise",
    "Record a payment": "Enregistrer un paiement",
    "Payment": "Paiement",
    "Letter": "Relance",
    "Notice": "Mise en dem.",
    "Payer record": "Historique de paiement",
    "Due now": "À faire maintenant",
    "signed quote": "devis signé",
    "purchase order": "bon de commande",
    "delivery note": "bon de livraison",
    "contract": "contrat",
    "terms of sale": "CGV",
    "call": "appel",
    "email": "e-mail",
    "registered letter": "recommandé",
    "sms": "SMS",
    "other": "autre",
    "reliable": "fiable",
    "forgetful": "étourdi",
    "evasive": "fuyant",
    "in difficulty": "en difficulté",
    "business": "entreprise",
    "consumer": "particulier",
    "calls made": "appels",
    "promises kept": "promesses tenues",
    "usually pays": "paie d'habitude à",
    "Reminder letter": "Lettre de relance",
    "Formal notice": "Mise en demeure",
    "Send a formal notice now?": "Envoyer une mise en demeure maintenant ?",
    "Letter written": "Lettre écrite",
    # call
    "In the call": "En appel",
    "Notes": "Notes",
    "Type your notes; Enter adds a line, Esc for commands": "Vos notes ; Entrée ajoute une ligne, Échap pour les commandes",
    "COMMAND": "COMMANDE",
    "TYPING": "SAISIE",
    "Answer": "Réponse",
    "Step back": "Retour arrière",
    "Refocus": "Recentrer",
    "End call": "Fin d'appel",
    "Type notes": "Saisir des notes",
    "Command mode": "Mode commande",
    "Tips": "Conseils",
    "Evidence": "Pièces",
    "Suggested outcome: {kind}": "Issue suggérée : {kind}",
    "End of the script: press e to end the call.": "Fin du script : e pour terminer l'appel.",
    "Long call": "Appel long",
    # outcome
    "Outcome": "Issue de l'appel",
    "Promise to pay": "Promesse de paiement",
    "Promise": "Promesse",
    "Payment plan": "Échéancier",
    "Call back": "Rappel",
    "Dispute": "Litige",
    "Already paid": "Déjà payé",
    "No answer": "Pas de réponse",
    "Wrong person": "Mauvais interloc.",
    "kept": "tenue",
    "broken": "non tenue",
    "partly kept": "tenue en partie",
    "pending": "en attente",
    "cancelled": "annulée",
    "Refused": "Refus",
    "Date": "Date",
    "Amount": "Montant",
    "Method": "Moyen de paiement",
    "Instalments": "Échéances",
    "First date": "Première date",
    "Every (days)": "Tous les (jours)",
    "Time": "Heure",
    "Reason": "Motif",
    "Reference": "Référence",
    "What you told them would follow (optional)": "Ce que vous avez annoncé (facultatif)",
    "on": "le",
    "Summary": "Récapitulatif",
    "Save": "Enregistrer",
    "Cancel": "Annuler",
    "Beyond your latest acceptable date": "Au-delà de votre date limite",
    "press Enter again to confirm": "Entrée à nouveau pour confirmer",
    "Saved.": "Enregistré.",
    "Pick the outcome:": "Choisissez l'issue :",
    # outcome forms: a plan's amount now and instalments, "already paid", the right person, a dispute
    "Amount covered": "Montant couvert",
    "Paid today": "Payé aujourd'hui",
    "Left to spread": "Reste à répartir",
    "Paid on": "Payé le",
    "Amount paid": "Montant payé",
    "Documents by": "Pièces avant le",
    "Role": "Fonction",
    "Direct line": "Ligne directe",
    "Disputed amount per invoice (empty: not disputed)": "Montant contesté par facture (vide : non contestée)",
    "The amount paid today must be between zero and the amount covered.": "Le montant payé aujourd'hui doit être compris entre zéro et le montant couvert.",
    "An amount above zero": "Un montant supérieur à zéro",
    "A payment plan needs at least one dated instalment.": "Un échéancier demande au moins une échéance datée.",
    "at most the balance of the invoice": "au plus le reste dû de la facture",
    "Type the disputed amount of at least one invoice.": "Indiquez le montant contesté d'au moins une facture.",
    "Who should we speak to?": "À qui devons-nous parler ?",
    "{date} is past your latest acceptable date ({limit}). Agree to it all the same?": "Le {date} dépasse votre date limite ({limit}). L'accepter quand même ?",
    "{company} sends the disputed points and amount in writing by {date}; we check them.": "{company} envoie par écrit les points contestés et le montant avant le {date} ; nous vérifions.",
    "We check the payment of {amount} {company} says was made on {date}.": "Nous vérifions le paiement de {amount} que {company} dit avoir fait le {date}.",
    "Next call: {name}.": "Prochain appel : {name}.",
    "Sending…": "Envoi…",
    "Saving to the outbox…": "Enregistrement dans la boîte d'envoi…",
    # who does what by when
    "{company} pays {amount} by {method} on {date}.": "{company} paie {amount} par {method} le {date}.",
    "{company} pays {n} instalments: {list}.": "{company} paie en {n} échéances : {list}.",
    "We call back on {date}.": "Nous rappelons le {date}.",
    "We call back on {date} at {time}.": "Nous rappelons le {date} à {time}.",
    "{amount} on {date}": "{amount} le {date}",
    "{company} sends the disputed points and amount in writing; we check them.": "{company} envoie par écrit les points contestés et le montant ; nous vérifions.",
    "We check the payment {company} says was made.": "Nous vérifions le paiement annoncé par {company}.",
    "No agreement: next step in writing.": "Pas d'accord : suite par écrit.",
    "Not reached: try again.": "Non joint : nouvel essai.",
    "Ask who handles supplier payments.": "Demander qui gère les paiements fournisseurs.",
    "We confirm by email today.": "Nous confirmons par e-mail aujourd'hui.",
    "transfer": "virement",
    "card": "carte",
    "cheque": "chèque",
    "direct debit": "prélèvement",
    "cash": "espèces",
    # calendar
    "First call": "Premier appel",
    "Check promised payment": "Vérifier le paiement promis",
    "Broken promise: call": "Promesse non tenue : appeler",
    "Do as promised": "Faire ce qui a été annoncé",
    "Deadline of the letter": "Échéance de la lettre",
    "Escalate in writing": "Passer à l'écrit",
    "{title}: {name} ({key})": "{title} : {name} ({key})",
    # the command line
    "(open)": "(en cours)",
    "Balance {balance}, overdue {overdue}, {days} days late": "Solde {balance}, en retard {overdue}, {days} jours de retard",
    "Calendar written: {path} ({count} open actions)": "Calendrier écrit : {path} ({count} actions ouvertes)",
    "Call queue for {day}: {count} debtors": "File d'appels du {day} : {count} débiteurs",
    "Demo loaded: {debtors} debtors, {invoices} invoices, {payments} payments.": "Démo chargée : {debtors} débiteurs, {invoices} factures, {payments} paiements.",
    "Error: {message}": "Erreur : {message}",
    "Warning: {message}": "Attention : {message}",
    "Interrupted.": "Interrompu.",
    "Letter written: {path} (deadline {day})": "Lettre écrite : {path} (délai au {day})",
    "No IBAN in the settings (creditor.iban): the letter cannot say where to pay.": "Pas d'IBAN dans les réglages (creditor.iban) : la lettre ne peut pas dire où payer.",
    "No creditor name in the settings (creditor.name): the letter has no sender.": "Pas de nom de créancier dans les réglages (creditor.name) : la lettre n'a pas d'expéditeur.",
    "The fixed indemnity is in another currency than the invoices; it is left out.": "L'indemnité forfaitaire est dans une autre devise que les factures ; elle est laissée de côté.",
    "rate for {half} not known; using {rate}% ({row})": "taux du {half} inconnu ; taux appliqué {rate} % ({row})",
    "No one to call on {day}.": "Personne à appeler le {day}.",
    "Payment of {amount} recorded on {invoice}.": "Paiement de {amount} enregistré sur {invoice}.",
    "Saved (not sent): {path}": "Enregistré (non envoyé) : {path}",
    "Sent to {to}; saved: {path}": "Envoyé à {to} ; enregistré : {path}",
    "Total overdue ({currency}): {amount}": "Total en retard ({currency}) : {amount}",
    "Total {currency}: interest {interest} + indemnity {indemnity} = {total}": "Total {currency} : intérêts {interest} + indemnité {indemnity} = {total}",
    "{law} law, at {day}": "droit {law}, au {day}",
    "yes": "oui",
    "key": "clé",
    "#": "n°",
    "Note": "Note",
    "Payments": "Paiements",
    "Invoice": "Facture",
    "Documents": "Pièces",
    "Kind": "Type",
    "Signed by": "Signé par",
    "Reminders and contacts": "Relances et contacts",
    "When": "Quand",
    "Channel": "Canal",
    "Calls": "Appels",
    "Started": "Début",
    "Next actions": "Prochaines actions",
    "Done": "Fait",
    "Days": "Jours",
    "Rate": "Taux",
    "Interest": "Intérêts",
    "Indemnity": "Indemnité",
    "open": "ouverte",
    "disputed": "contestée",
    "written off": "passée en perte",
    "1–9 answer · b back · r refocus · e end · i or Esc: type": "1–9 réponse · b retour · r recentrer · e fin · i ou Échap : saisie",
    "Cannot send: no mail server in the settings (smtp_url). Ctrl+K keeps it in the outbox.": "Envoi impossible : pas de serveur de messagerie dans les réglages (smtp_url). Ctrl+K le garde dans la boîte d'envoi.",
    "Cannot send: {why}": "Envoi impossible : {why}",
    "still to call": "restent à appeler",
    "No result for “{search}”.": "Aucun résultat pour « {search} ».",
    "not overdue": "pas en retard",
    "First": "Premier",
    "Last": "Dernier",
    "Your identity is missing from the settings ({missing}): add it to {path} or enter it in the app.": "Votre identité manque dans les réglages ({missing}) : ajoutez-la à {path} ou saisissez-la dans l'application.",
    "Your identity": "Votre identité",
    "Needed once, for your letters and emails; saved in {path}.": "Demandée une fois, pour vos lettres et e-mails ; enregistrée dans {path}.",
    "Name": "Nom",
    "Address": "Adresse",
    "Registration number": "Immatriculation",
    "IBAN": "IBAN",
    "Email": "E-mail",
    "Phone": "Téléphone",
    "Caller name": "Nom de l'appelant",
    "Missing: {fields}": "Manquant : {fields}",
    "Send a written reminder now?": "Envoyer une relance écrite maintenant ?",
    "Writing the letter…": "Rédaction de la lettre…",
    "Law": "Droit applicable",
    "chosen in the contract": "choisi au contrat",
    "yours, no other law chosen": "le vôtre, pas d'autre droit choisi",
    "paid late: interest and indemnity still claimable": "payées en retard : intérêts et indemnité encore dus",
    "on hold, disputed (not claimed)": "en attente, contestées (non réclamées)",
    "credit note": "avoir",
    "Attached": "En pièce jointe",
    "{path} is not attached: it does not exist.": "{path} n'est pas joint : il n'existe pas.",
    "{path} is not attached: it is not a file.": "{path} n'est pas joint : ce n'est pas un fichier.",
    "{path} is not attached: it is outside the attachment folders (attachments_dirs in the settings).": "{path} n'est pas joint : il est hors des dossiers de pièces jointes (attachments_dirs dans les réglages).",
    "{path} is not attached: it is not a PDF.": "{path} n'est pas joint : ce n'est pas un PDF.",
    "{path} is not attached: it is larger than {mib} MiB (attachment_max_mib in the settings).": "{path} n'est pas joint : il dépasse {mib} Mio (attachment_max_mib dans les réglages).",
    "{path} is not attached: it cannot be read ({reason}).": "{path} n'est pas joint : il est illisible ({reason}).",
    "action.sms": "pas de réponse aux {count} derniers appels : envoyer d'abord ce SMS : « {text} »",
    "action.sms_text": "Bonjour, facture(s) {invoices} toujours impayée(s). Merci de nous rappeler ou de nous indiquer la date du règlement.",
    "paid late": "payée en retard",
    "on hold while disputed": "en attente pendant le litige",
    "on hold: disputed": "en attente : contestée",
    "On hold while disputed, not claimed ({currency}): {amount}": "En attente tant que contesté, non réclamé ({currency}) : {amount}",
    "today": "aujourd'hui",
    "oldest first": "anciennes d'abord",
    "as typed": "comme saisi",
    "Split": "Répartition",
    "write each invoice as NUMBER=AMOUNT": "écrivez chaque facture NUMÉRO=MONTANT",
    # report, command palette, keys
    "paying better": "paie mieux",
    "paying steady": "paie comme avant",
    "paying worse": "paie moins bien",
    "Report": "Rapport",
    "Currency": "Devise",
    "{since} to {until}": "du {since} au {until}",
    "This block": "Ce créneau",
    "Last 12 months": "12 derniers mois",
    "{calls} calls · {reached} reached · {promises} promises ({amount})": "{calls} appels · {reached} joints · {promises} promesses ({amount})",
    "Promises due {due}: {kept} kept · {partly} partly · {broken} broken · on the phone {time}": "Promesses échues {due} : {kept} tenues · {partly} en partie · {broken} non tenues · au tél. {time}",
    "Collected within 14 days of a call: {amount}": "Encaissé dans les 14 jours d'un appel : {amount}",
    "Owed {total} · DSO {dso} · {late} days late on average": "Encours {total} · DSO {dso} · retard moyen {late} jours",
    "Balance by age ({currency})": "Encours par ancienneté ({currency})",
    "not due": "non échu",
    "Collected per week ({currency})": "Encaissé par semaine ({currency})",
    "What works in the script": "Ce qui marche dans le script",
    "Node · answer": "Étape · réponse",
    "Kept": "Tenues",
    "(call ended)": "(fin d'appel)",
    "No call in this period.": "Aucun appel sur cette période.",
    "Who pays (worst first)": "Qui paie (les pires d'abord)",
    "kept / made": "tenues / faites",
    "average late": "retard moyen",
    "trend": "tendance",
    "better": "mieux",
    "steady": "stable",
    "worse": "moins bien",
    "See this block's report before quitting?": "Voir le rapport de ce créneau avant de quitter ?",
    "Show this part of the queue": "Afficher cette partie de la file",
    "Import CSV files…": "Importer des fichiers CSV…",
    "Invoices, payments, reminders, documents": "Factures, paiements, relances, documents",
    "Files or folders": "Fichiers ou dossiers",
    "Language: English": "Langue : anglais",
    "Language: French": "Langue : français",
    "The interface's words": "Les mots de l'interface",
    "Keys": "Touches",
    "The keys of this screen (F1)": "Les touches de cet écran (F1)",
    "Go back to the queue first.": "Revenez d'abord à la file d'appels.",
    "The database is empty. Load demo data to try the tool?": "La base est vide. Charger des données de démonstration pour essayer ?",
    # calling as a team
    "Mine": "Les miens",
    "Unassigned": "Sans responsable",
    "on a call —": "en appel —",
    "{name} is already on a call with {debtor} ({minutes} min).": "{name} est déjà en appel avec {debtor} ({minutes} min).",
    "called by {name}, {time}": "appelé par {name}, {time}",
    "team": "équipe",
    "Your claim on this debtor lapsed and a colleague took it; your notes are saved.": "Votre réservation de ce débiteur a expiré et un collègue l'a prise ; vos notes sont enregistrées.",
    # after the call
    "After the call": "Après l'appel",
    "I got an amount": "J'ai obtenu un montant",
    "I got an exact date": "J'ai obtenu une date précise",
    "I got a payment method": "J'ai obtenu un moyen de paiement",
    "I accepted a vague promise": "J'ai accepté une promesse vague",
    "I said what happens next": "J'ai annoncé la suite",
    "Who answered": "Qui a répondu",
    "the person in charge": "la personne en charge",
    "a colleague": "un collègue",
    "the switchboard": "le standard",
    "voicemail": "la messagerie",
    "A vague promise is no promise: call back on the date you set.": "Promesse vague : rappelez à la date fixée.",
    "Enter saves": "Entrée enregistre",
    # resume / quit
    "A call was interrupted": "Un appel a été interrompu",
    "started": "commencé",
    "Resume it": "Le reprendre",
    "Close it (notes kept)": "Le clore (notes conservées)",
    "A call is open. Quit anyway? Its notes are saved.": "Un appel est en cours. Quitter quand même ? Ses notes sont enregistrées.",
    "Yes": "Oui",
    "No": "Non",
    "Confirmation email": "E-mail de confirmation",
    "Saved to the outbox": "Enregistré dans la boîte d'envoi",
    "Sent": "Envoyé",
    "Keep": "Garder",
    "Send": "Envoyer",
    "Subject": "Objet",
    "{name} has no valid email address (contact or company).": "{name} n'a pas d'adresse e-mail valide (contact ou entreprise).",
    "The creditor email (creditor.email in the settings) is missing or invalid.": "Votre adresse e-mail (creditor.email dans les réglages) manque ou n'est pas valide.",
    # team, report, palette and help
    "Suggested outcome": "Issue suggérée",
    "A quote is left open in: {text}": "Un guillemet n'est pas refermé dans : {text}",
    "Import CSV files and e-invoices…": "Importer des fichiers CSV et des factures électroniques…",
}

KEYED: dict[str, str] = {
    "text": "{text}",
    # outcome kinds
    "outcome.promise": "Promesse",
    "outcome.payment_plan": "Échéancier",
    "outcome.call_back": "Rappel",
    "outcome.dispute": "Litige",
    "outcome.already_paid": "Déjà payé",
    "outcome.no_answer": "Pas de réponse",
    "outcome.wrong_person": "Mauvais interlocuteur",
    "outcome.refused": "Refus",
    # payment methods
    "method.transfer": "virement",
    "method.card": "carte",
    "method.cheque": "chèque",
    "method.direct_debit": "prélèvement",
    "method.cash": "espèces",
    # next actions' reasons
    "action.paid": "plus rien à payer",
    "action.first_call": "premier appel : {days} jours après l'échéance",
    "action.cadence_call": "appel de suivi : {days} jours après le dernier appel",
    "action.check": "vérifier l'arrivée des {amount} promis pour le {date}",
    "action.missed": "promesse de {amount} pour le {date} non tenue : appeler et fixer un délai plus court",
    "action.partly": "promesse de {amount} pour le {date} tenue en partie ({paid} reçus) : appeler",
    "action.promise_done": "promesse tenue ou non tenue",
    "action.handled": "appel passé depuis",
    "action.superseded": "remplacée par un nouveau plan",
    "action.not_now": "plus nécessaire pour l'instant",
    "action.commitment": "Vous avez dit que vous feriez : {words}",
    "action.notice": "délai de la mise en demeure dépassé : {step}",
    "action.closed": " ({why})",
    "action.call_back": "rappel convenu",
    "action.check_paid": "vérifier le paiement que le débiteur dit avoir fait",
    "action.check_paid_ref": "vérifier le paiement que le débiteur dit avoir fait ({reference})",
    "action.check_paid_amount": "vérifier le paiement de {amount} que le débiteur dit avoir fait le {date} (réf. {reference})",
    "action.letter_done": "lettre envoyée",
    "action.dispute": "litige en cours d'examen",
    # history lines
    "event.call": "Appel : {kind}.",
    "event.call_with": "Appel : {kind}. {summary}",
    "event.email_sent": "E-mail de confirmation envoyé à {recipients} : {subject}",
    "event.email_outbox": "E-mail de confirmation enregistré dans la boîte d'envoi, non envoyé ({file}) : {subject}",
    "event.notice": "Mise en demeure : {amount} réclamés, délai au {date}",
    "event.reminder": "Relance écrite (factures impayées) : {amount} réclamés, délai au {date}",
    "action.notice_deadline": "échéance de la mise en demeure du {date}",
    "action.reminder_deadline": "échéance de la relance écrite du {date}",
    # the escalation ladder
    "stage.calls": "Continuer les appels",
    "stage.written_reminder": "Envoyer une relance écrite intitulée « Facture(s) impayée(s) »",
    "stage.generic_email": "Écrire à l'adresse générique de l'entreprise",
    "stage.formal_notice": "Envoyer une mise en demeure en recommandé avec AR, délai de {days} jours",
    "stage.procedure": "Faire ce qu'annonçait la mise en demeure : procédure ou société de recouvrement",
    "stage.consumer.written_reminder": " (consommateur : première relance sans frais)",
    "stage.consumer.formal_notice": " (consommateur : ni pénalités B2B ni indemnité de 40 EUR ; intérêts "
    "au taux légal à compter de la mise en demeure)",
    "stage.consumer.procedure": " (consommateur : règles de la consommation, pas de pénalités B2B)",
    "stage.paid": "Rien n'est en retard",
    "stage.late": "{days} jours de retard",
    "stage.missed": "promesse du {date} non tenue",
    "stage.missed2": "{count} promesses non tenues",
    "stage.refused": "refus de payer le {date}",
    "stage.silent": "personne de joint depuis la relance écrite du {date}",
    "stage.written_done": "relances écrites faites sans paiement",
    "stage.notice_wait": "mise en demeure du {date} : délai jusqu'au {deadline}",
    "stage.notice_passed": "mise en demeure du {date} : délai du {deadline} dépassé",
    "stage.pending": " ; en attente de la promesse du {date}",
    "stage.paused": " ; relances suspendues jusqu'au {date}",
    "stage.disputed": " ; suspendu par le litige jusqu'au {date}",
    "stage.held": " ; toutes les factures échues sont contestées : en attente jusqu'au règlement du litige",
}

#: The command line's help pages (the English help text is the key).
HELP: dict[str, str] = {
    "Usage: ": "Utilisation : ",
    "Options": "Options",
    "Arguments": "Arguments",
    "Commands": "Commandes",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "default: {default}": "par défaut : {default}",
    "required": "obligatoire",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue {name!r}.",
    "No such option: {name}": "Option inconnue : {name}",
    "Missing argument {name}.": "Argument manquant : {name}.",
    "Missing option {name}.": "Option manquante : {name}.",
    "Got unexpected extra argument(s) ({args})": "Argument(s) en trop ({args})",
    "Option {name} requires a value.": "L'option {name} demande une valeur.",
    "Invalid value for {name}: {why}": "Valeur invalide pour {name} : {why}",
    "Try '{command}' for help.": "Essayez « {command} » pour l'aide.",
    "Phone the clients who have not paid their invoices, and get paid.": (
        "Appeler les clients qui n'ont pas payé leurs factures, et se faire payer."
    ),
    "SQLAlchemy database URL (default: DUNNING_DB, then the config file).": (
        "URL SQLAlchemy de la base (par défaut : DUNNING_DB, puis le fichier de réglages)."
    ),
    "Call script (TOML) to use instead of the default in the debtor's language.": (
        "Script d'appel (TOML) à utiliser au lieu de celui par défaut dans la langue du débiteur."
    ),
    "Fill an empty database with realistic demo debtors, invoices and history.": (
        "Remplir une base vide de débiteurs, factures et historique de démonstration réalistes."
    ),
    "How many debtors to create.": "Nombre de débiteurs à créer.",
    "Same seed, same data.": "Même graine, mêmes données.",
    "Open invoices per debtor (default: 1 to 4).": "Factures ouvertes par débiteur (par défaut : 1 à 4).",
    "The day to compute for, YYYY-MM-DD (default: today).": (
        "Le jour pour lequel calculer, AAAA-MM-JJ (par défaut : aujourd'hui)."
    ),
    "Months of earlier calls, for the report.": "Mois d'appels antérieurs, pour le bilan.",
    "Today's call queue (or another day's with --date), most urgent first.": (
        "La file d'appels du jour (ou d'un autre jour avec --date), le plus urgent d'abord."
    ),
    "Print JSON instead of tables.": "Écrire du JSON au lieu de tableaux.",
    "Only the debtors of this owner (--owner '' for those nobody owns).": (
        "Seulement les débiteurs de ce responsable (--owner '' pour ceux qui n'en ont pas)."
    ),
    "The whole file of one debtor.": "Toute la fiche d'un débiteur.",
    "Debtor id, key or name.": "N°, clé ou nom du débiteur.",
    "Import invoices, debtors, payments, reminders and documents from CSV and e-invoices (see the README)."
    "\n\nRe-importing updated files updates what changed and never duplicates. A file with a bad row\n"
    "imports nothing: every bad row is listed and the exit status is 2.": (
        "Importer factures, débiteurs, paiements, relances et pièces depuis des CSV et des factures "
        "électroniques (voir le README).\n\nRéimporter des fichiers mis à jour met à jour ce qui a "
        "changé sans jamais dupliquer. Un fichier avec une ligne erronée n'importe rien : chaque ligne "
        "erronée est listée et le code de sortie est 2."
    ),
    "CSV files, or folders of them (invoices.csv, payments.csv, reminders.csv...).": (
        "Fichiers CSV, ou dossiers qui en contiennent (invoices.csv, payments.csv, reminders.csv…)."
    ),
    "Check the files and count the changes, write nothing.": (
        "Vérifier les fichiers et compter les changements, sans rien écrire."
    ),
    "Write every debtor, invoice, payment, reminder and document as CSV, in the layout import reads.": (
        "Écrire chaque débiteur, facture, paiement, relance et pièce en CSV, au format que lit l'import."
    ),
    "Folder to write the CSV files into.": "Dossier où écrire les fichiers CSV.",
    "Only this debtor (id, key or name): their whole file, with file.json, e.g. for a subject-access request.": (
        "Seulement ce débiteur (n°, clé ou nom) : toute sa fiche, avec file.json, par exemple pour une "
        "demande d'accès à ses données."
    ),
    "Erase a person's data: name, identifiers, contacts, notes, emails and letters written to them."
    "\n\nThe invoices stay, anonymised, with their dates, amounts and payments, as the law requires.\n"
    "Export their file first (``export --debtor``) if they asked for it.": (
        "Effacer les données d'une personne : nom, identifiants, contacts, notes, e-mails et lettres "
        "qui lui ont été écrits.\n\nLes factures restent, anonymisées, avec leurs dates, montants et "
        "paiements, comme la loi l'exige. Exportez d'abord sa fiche (``export --debtor``) si elle l'a "
        "demandée."
    ),
    "Do not ask for confirmation.": "Ne pas demander de confirmation.",
    "Late-payment interest and fixed indemnity owed, per invoice, under the debtor's law.": (
        "Intérêts de retard et indemnité forfaitaire dus, par facture, selon le droit du débiteur."
    ),
    "Compute at this day, YYYY-MM-DD.": "Calculer à ce jour, AAAA-MM-JJ.",
    "How the tool reads a date phrase: the date, or one sentence saying why it is not one.": (
        "Comment l'outil lit une date dite ou tapée : la date, ou une phrase qui dit pourquoi ce n'en "
        "est pas une."
    ),
    "A date as said or typed: 'vendredi 4', 'sous huitaine', '25/11'.": (
        "Une date dite ou tapée : « vendredi 4 », « sous huitaine », « 25/11 »."
    ),
    "Read the phrase as if today were this day, YYYY-MM-DD.": (
        "Lire la phrase comme si aujourd'hui était ce jour, AAAA-MM-JJ."
    ),
    "fr or en (default: the interface language).": "fr ou en (par défaut : la langue de l'interface).",
    "A day already gone, like a payment's: a future date is refused.": (
        "Un jour déjà passé, comme celui d'un paiement : une date future est refusée."
    ),
    "Write the confirmation email of the debtor's latest call outcome to the outbox (and send it).": (
        "Écrire dans la boîte d'envoi l'e-mail de confirmation de la dernière issue d'appel du débiteur "
        "(et l'envoyer)."
    ),
    "Write the .eml here instead of the outbox folder.": "Écrire le .eml ici au lieu de la boîte d'envoi.",
    "Also send it through the smtp_url mail server.": "L'envoyer aussi par le serveur smtp_url.",
    "Write a written reminder or a formal notice as PDF, and book the check of its deadline.": (
        "Écrire une relance écrite ou une mise en demeure en PDF, et prévoir la vérification de son délai."
    ),
    "reminder (unpaid invoices) or notice (formal notice).": (
        "reminder (factures impayées) ou notice (mise en demeure)."
    ),
    "Write the PDF here (default: the letters folder).": (
        "Écrire le PDF ici (par défaut : le dossier des lettres)."
    ),
    "Date of the letter, YYYY-MM-DD (default: today).": (
        "Date de la lettre, AAAA-MM-JJ (par défaut : aujourd'hui)."
    ),
    "Days to pay (default: cadence.notice_deadline_days).": (
        "Jours pour payer (par défaut : cadence.notice_deadline_days)."
    ),
    "Export the open next actions (calls, call-backs, checks, deadlines) as an iCalendar file.": (
        "Exporter les prochaines actions ouvertes (appels, rappels, vérifications, échéances) en "
        "fichier iCalendar."
    ),
    "The .ics file to write ('-' for standard output).": (
        "Le fichier .ics à écrire (« - » pour la sortie standard)."
    ),
    "Calls, promises and money collected; ageing and DSO; which script replies lead to money; who pays.": (
        "Appels, promesses et sommes encaissées ; balance âgée et DSO ; quelles réponses du script "
        "mènent au paiement ; qui paie."
    ),
    "First day of the period, YYYY-MM-DD (default: a year back).": (
        "Premier jour de la période, AAAA-MM-JJ (par défaut : il y a un an)."
    ),
    "Last day of the period, YYYY-MM-DD (default: today).": (
        "Dernier jour de la période, AAAA-MM-JJ (par défaut : aujourd'hui)."
    ),
    "Write ageing.csv, script_branches.csv and payers.csv into this folder.": (
        "Écrire ageing.csv, script_branches.csv et payers.csv dans ce dossier."
    ),
    "Call scripts: check your own, or export the default ones to adapt.": (
        "Scripts d'appel : vérifier le vôtre, ou exporter ceux par défaut pour les adapter."
    ),
    "Check a call-script file: print every error (exit status 2), or ok and a short summary.": (
        "Vérifier un script d'appel : écrire chaque erreur (code de sortie 2), ou ok et un court résumé."
    ),
    "The script TOML file to check.": "Le fichier TOML du script à vérifier.",
    "Write the default French and English scripts into a folder, for you to adapt.": (
        "Écrire les scripts français et anglais par défaut dans un dossier, pour les adapter."
    ),
    "Folder to write fr.toml and en.toml into.": "Dossier où écrire fr.toml et en.toml.",
    "Overwrite files that already exist.": "Remplacer les fichiers qui existent déjà.",
    "Payments received.": "Paiements reçus.",
    "Record a payment; promises and next actions are re-evaluated at once.": (
        "Enregistrer un paiement ; promesses et prochaines actions sont réévaluées aussitôt."
    ),
    "Invoice number.": "Numéro de facture.",
    "Amount received, e.g. 1200 or 1 200,50.": "Montant reçu, par exemple 1200 ou 1 200,50.",
    "Day received, as typed or said: 2026-11-25, 25/11, hier, last friday (default: today).": (
        "Jour de réception, tapé ou dit : 2026-11-25, 25/11, hier, vendredi dernier (par défaut : "
        "aujourd'hui)."
    ),
    "transfer, card, cheque...": "transfer, card, cheque… (virement, carte, chèque)",
    "Bank reference.": "Référence bancaire.",
}

#: An import's refusal: the sentence and each bad row's place.
IMPORTS: dict[str, str] = {
    "{files}; nothing was imported.": "{files} ; rien n'a été importé.",
    "{file} line {line}, column '{column}', value '{value}': {reason}": (
        "{file} ligne {line}, colonne « {column} », valeur « {value} » : {reason}"
    ),
    "{file} line {line}, {column}, value '{value}': {reason}": (
        "{file} ligne {line}, {column}, valeur « {value} » : {reason}"
    ),
    # why a row cannot be imported
    "write dd/mm/yyyy or yyyy-mm-dd": "écrivez jj/mm/aaaa ou aaaa-mm-jj",
    "between 1990 and 2100": "entre 1990 et 2100",
    "status": "statut",
    "kind": "type",
    "profile": "profil",
    "channel": "canal",
    "document kind": "type de pièce",
    "debtor": "débiteur",
    "debtor's contact": "contact du débiteur",
    "unknown {what} (use {choices})": "{what} inconnu (utilisez {choices})",
    "a paid invoice is one whose payments cover its total: put its payment in payments.csv (or leave the invoice out)": (
        "une facture payée est une facture dont les paiements couvrent le total : mettez son paiement "
        "dans payments.csv (ou laissez la facture de côté)"
    ),
    "not yes or no (use yes/no, oui/non, 1/0)": "ni oui ni non (utilisez oui/non, yes/no, 1/0)",
    "not a country (use a two-letter code such as FR, BE, GB)": (
        "pas un pays (utilisez un code à deux lettres comme FR, BE, GB)"
    ),
    "not a governing law (use FR, BE, EU or UK, or leave blank)": (
        "pas un droit applicable (utilisez FR, BE, EU ou UK, ou laissez vide)"
    ),
    "not a language (use fr or en)": "pas une langue (utilisez fr ou en)",
    "not a currency (use a three-letter code such as EUR or GBP)": (
        "pas une devise (utilisez un code à trois lettres comme EUR ou GBP)"
    ),
    "not a number of days between 0 and 365": "pas un nombre de jours entre 0 et 365",
    "is too large (at most {limit})": "est trop grand (au plus {limit})",
    "not an amount (write 1234.50 or 1 234,50)": "pas un montant (écrivez 1 234,50 ou 1234.50)",
    "has more than two decimals (a thousands separator must be a space or a dot before a comma)": (
        "a plus de deux décimales (un séparateur de milliers doit être une espace, ou un point avant "
        "une virgule)"
    ),
    "must be more than zero": "doit être supérieur à zéro",
    "no such date (month {month}: {hint}, day first)": "date inexistante (mois {month} : {hint}, le jour d'abord)",
    "no such date": "date inexistante",
    "is not a day {bounds}": "n'est pas un jour {bounds}",
    "not a date ({hint})": "pas une date ({hint})",
    "not a date and time ({hint}, optionally followed by hh:mm)": (
        "pas une date et heure ({hint}, suivi si besoin de hh:mm)"
    ),
    "no such time of day": "heure inexistante",
    "no such time zone offset": "décalage horaire inexistant",
    "must not be blank": "ne doit pas être vide",
    "names the same column as '{first}'": "désigne la même colonne que « {first} »",
    "this file needs a column {names}": "ce fichier doit avoir une colonne {names}",
    "the file cannot be read from here on ({why})": "le fichier est illisible à partir d'ici ({why})",
    "the row has {cells} cells but the header names {width} (in a comma-separated file, a decimal comma must be inside quotes)": (
        "la ligne a {cells} cellules mais l'en-tête en nomme {width} (dans un fichier séparé par des "
        "virgules, une virgule décimale doit être entre guillemets)"
    ),
    "differs from line {line} for the same {what} ('{value}')": (
        "diffère de la ligne {line} pour le même {what} (« {value} »)"
    ),
    "would bring the payments of invoice {number} to {amount}, more than its total {total}": (
        "porterait les paiements de la facture {number} à {amount}, plus que son total {total}"
    ),
    "is less than the {amount} already paid on this invoice": "est inférieur aux {amount} déjà payés sur cette facture",
    "a debtor needs a client code or a name": "un débiteur doit avoir un code client ou un nom",
    "an invoice needs a number": "une facture doit avoir un numéro",
    "the same invoice is on line {line}": "la même facture est à la ligne {line}",
    "the same invoice is on line {line} of {file}": "la même facture est à la ligne {line} de {file}",
    "a new debtor needs a name": "un nouveau débiteur doit avoir un nom",
    "a new invoice needs its issue date": "une nouvelle facture doit avoir sa date d'émission",
    "a new invoice needs its total": "une nouvelle facture doit avoir son total",
    "the due date {due} is before the issue date {issued}": "l'échéance {due} est antérieure à la date d'émission {issued}",
    "no such invoice: {numbers}": "facture inconnue : {numbers}",
    "no such invoice (not in the files nor in the database)": "facture inconnue (ni dans les fichiers ni dans la base)",
    "no such debtor (not in the files nor in the database)": "débiteur inconnu (ni dans les fichiers ni dans la base)",
    "not all these invoices are of debtor '{key}'": "ces factures ne sont pas toutes du débiteur « {key} »",
    "must name the debtor when no invoice is given": "doit nommer le débiteur quand aucune facture n'est donnée",
    "these invoices are of different debtors": "ces factures sont de débiteurs différents",
    "the seller is not you ([creditor] {setting} is {mine}): this is a supplier's invoice, not one of your receivables": (
        "le vendeur n'est pas vous ([creditor] {setting} vaut {mine}) : c'est une facture de fournisseur, "
        "pas une de vos créances"
    ),
    "a credit note is applied to one invoice here: split it per invoice, or record it by hand": (
        "un avoir s'applique ici à une seule facture : séparez-le par facture, ou saisissez-le à la main"
    ),
}

#: The one sentence of a user error (the English template is the key).
ERRORS: dict[str, str] = {
    "'{url}' is not a database URL (e.g. sqlite:///path/to/file.sqlite3).": (
        "« {url} » n'est pas une URL de base de données (par exemple sqlite:///chemin/vers/fichier.sqlite3)."
    ),
    "'{url}' names no database file, and a database in memory would lose everything on exit; give a file, e.g. sqlite:///path/to/file.sqlite3.": (
        "« {url} » ne désigne aucun fichier, et une base en mémoire perdrait tout à la fermeture ; donnez un fichier, par exemple sqlite:///chemin/vers/fichier.sqlite3."
    ),
    "'{wanted}' matches several debtors: {names}; give the id.": (
        "« {wanted} » désigne plusieurs débiteurs : {names} ; donnez le numéro."
    ),
    "--db names two different databases ('{before}' and '{db}'); give it once.": (
        "--db désigne deux bases différentes (« {before} » et « {db} ») ; donnez-le une seule fois."
    ),
    "--db needs a database URL, e.g. sqlite:///path/to/file.sqlite3.": (
        "--db demande une URL de base de données, par exemple sqlite:///chemin/vers/fichier.sqlite3."
    ),
    "--debtors must be at least 1.": "--debtors doit valoir au moins 1.",
    "--lang must be fr or en, not '{lang}'.": "--lang doit valoir fr ou en, pas « {lang} ».",
    "--since must not be after --until.": "--since ne doit pas être après --until.",
    "A call-back needs a date.": "Un rappel demande une date.",
    "A payment amount must be more than zero.": "Le montant d'un paiement doit être supérieur à zéro.",
    "A promise needs a date and an amount.": "Une promesse demande une date et un montant.",
    "Cannot create the database file {path}: {strerror}.": "Impossible de créer le fichier de base {path} : {strerror}.",
    "Cannot create the folder {directory}: {strerror}.": "Impossible de créer le dossier {directory} : {strerror}.",
    "Cannot create the lock file {path}: {strerror}.": "Impossible de créer le fichier de verrou {path} : {strerror}.",
    "Cannot create the outbox folder {outbox_dir}: {strerror}.": (
        "Impossible de créer le dossier de la boîte d'envoi {outbox_dir} : {strerror}."
    ),
    "Cannot reach the mail server {where}: {value}.": "Impossible de joindre le serveur de messagerie {where} : {value}.",
    "Cannot read the email {path}: {strerror}.": "Impossible de lire l'e-mail {path} : {strerror}.",
    "Cannot tell what {path} holds: name it invoices.csv, payments.csv, reminders.csv, documents.csv or "
    "contacts.csv (or factures.csv, paiements.csv, relances.csv, pieces.csv).": (
        "Impossible de savoir ce que contient {path} : nommez-le factures.csv, paiements.csv, relances.csv, "
        "pieces.csv ou contacts.csv (ou invoices.csv, payments.csv, reminders.csv, documents.csv)."
    ),
    "Cannot use the database {where}: {detail}.": "Impossible d'utiliser la base {where} : {detail}.",
    "Cannot write the scripts into {directory}: {value}.": "Impossible d'écrire les scripts dans {directory} : {value}.",
    "Cannot write {path}: {strerror}.": "Impossible d'écrire {path} : {strerror}.",
    "Cannot write {path}: {value}.": "Impossible d'écrire {path} : {value}.",
    "Invoice {number} is {status}; it cannot be paid.": "La facture {number} est {status} ; elle ne peut pas être payée.",
    "Name a debtor (its id, key or name).": "Nommez un débiteur (son numéro, sa clé ou son nom).",
    "No call has the id {call_id}.": "Aucun appel n'a le numéro {call_id}.",
    "No database server answers at {where}; check that it runs, and the host and port.": (
        "Aucun serveur de base de données ne répond à {where} ; vérifiez qu'il tourne, ainsi que l'hôte et le port."
    ),
    "No debtor has the id {debtor_id}.": "Aucun débiteur n'a le numéro {debtor_id}.",
    "No debtor matches '{wanted}'.": "Aucun débiteur ne correspond à « {wanted} ».",
    "No driver for '{drivername}'; for PostgreSQL install dunning-tui[postgres] and use postgresql+psycopg://...": (
        "Pas de pilote pour « {drivername} » ; pour PostgreSQL, installez dunning-tui[postgres] et utilisez "
        "postgresql+psycopg://…"
    ),
    "No invoice has the number '{invoice_number}'.": "Aucune facture n'a le numéro « {invoice_number} ».",
    "No invoice of this debtor has the number '{number}'.": "Aucune facture de ce débiteur n'a le numéro « {number} ».",
    "No mail server is configured (smtp_url in the settings, or DUNNING_SMTP_URL).": (
        "Aucun serveur de messagerie n'est configuré (smtp_url dans les réglages, ou DUNNING_SMTP_URL)."
    ),
    "Sending through the mail server {where} failed: {exc}.": "L'envoi par le serveur de messagerie {where} a échoué : {exc}.",
    "Set creditor.email in the settings: an email cannot be sent without a sender.": (
        "Renseignez creditor.email dans les réglages : un e-mail ne peut pas partir sans expéditeur."
    ),
    "The call script '{name}' has no node '{node_id}'.": "Le script d'appel « {name} » n'a pas d'étape « {node_id} ».",
    "The call script {file} cannot be used ({count}).": "Le script d'appel {file} est inutilisable ({count}).",
    "The config file {path} cannot be read: {strerror}.": "Le fichier de réglages {path} est illisible : {strerror}.",
    "The config file {path} cannot be written: {strerror}.": "Impossible d'écrire le fichier de réglages {path} : {strerror}.",
    "The config file {path} is not a config file: its values are nested too deeply.": (
        "Le fichier de réglages {path} n'en est pas un : ses valeurs sont imbriquées trop profondément."
    ),
    "The config file {path} is not valid TOML: {exc}.": "Le fichier de réglages {path} n'est pas du TOML valide : {exc}.",
    "The database URL is invalid: {exc}.": "L'URL de la base de données est invalide : {exc}.",
    "The database already has debtors; load the demo into an empty database (--db).": (
        "La base a déjà des débiteurs ; chargez la démo dans une base vide (--db)."
    ),
    "The database {url} was written by a newer version of dunning (schema {current}); update dunning-tui to open it.": (
        "La base {url} a été écrite par une version plus récente de dunning (schéma {current}) ; mettez "
        "dunning-tui à jour pour l'ouvrir."
    ),
    "The database {where} cannot be opened for writing; check the path and rights.": (
        "La base {where} ne peut pas être ouverte en écriture ; vérifiez le chemin et les droits."
    ),
    "The database {where} is locked by another program; close it and try again.": (
        "La base {where} est verrouillée par un autre programme ; fermez-le et réessayez."
    ),
    "The database {where} refused the login; check the user and password in the URL.": (
        "La base {where} a refusé la connexion ; vérifiez l'utilisateur et le mot de passe dans l'URL."
    ),
    "The email was sent to {to_display} (do not send it again), but its record in the debtor's file still says "
    "not sent: {message}.": (
        "L'e-mail a été envoyé à {to_display} (ne le renvoyez pas), mais la fiche du débiteur le dit encore "
        "non envoyé : {message}."
    ),
    "The file of debtor {debtor_id} cannot be read: it holds a value this version does not know ({exc}); check "
    "the database or restore a backup.": (
        "La fiche du débiteur {debtor_id} est illisible : elle contient une valeur que cette version ne connaît "
        "pas ({exc}) ; vérifiez la base ou restaurez une sauvegarde."
    ),
    "The file {where} is not a dunning database (or it is damaged).": (
        "Le fichier {where} n'est pas une base dunning (ou il est endommagé)."
    ),
    "The folder {path} holds no .csv, .xml or .pdf file.": "Le dossier {path} ne contient aucun fichier .csv, .xml ou .pdf.",
    "The mail server {host} cannot be found; check smtp_url.": "Le serveur de messagerie {host} est introuvable ; vérifiez smtp_url.",
    "The mail server {where} did not answer in time.": "Le serveur de messagerie {where} n'a pas répondu à temps.",
    "The mail server {where} does not support {what}; check smtp_url.": (
        "Le serveur de messagerie {where} ne prend pas en charge {what} ; vérifiez smtp_url."
    ),
    "The mail server {where} refused the email ({smtp_code} {reason}).": (
        "Le serveur de messagerie {where} a refusé l'e-mail ({smtp_code} {reason})."
    ),
    "The mail server {where} refused the login of '{username}'; check smtp_url and smtp_password (or "
    "DUNNING_SMTP_PASSWORD).": (
        "Le serveur de messagerie {where} a refusé la connexion de « {username} » ; vérifiez smtp_url et "
        "smtp_password (ou DUNNING_SMTP_PASSWORD)."
    ),
    "The mail server {where} refused the recipient {refused}.": "Le serveur de messagerie {where} a refusé le destinataire {refused}.",
    "The mail server {where} refused the sender address {sender}.": (
        "Le serveur de messagerie {where} a refusé l'adresse d'expéditeur {sender}."
    ),
    "The parts of the payment do not add up to {amount}.": "Les parts du paiement ne font pas {amount} au total.",
    "The setting '{where}' is invalid ({err}); check {path} and the DUNNING_* variables.": (
        "Le réglage « {where} » est invalide ({err}) ; vérifiez {path} et les variables DUNNING_*."
    ),
    "The smtp_url setting has an unknown option '{unknown}'; {hint}.": (
        "Le réglage smtp_url a une option inconnue « {unknown} » ; {hint}."
    ),
    "The smtp_url setting is not a valid URL; {hint}.": "Le réglage smtp_url n'est pas une URL valide ; {hint}.",
    "The smtp_url setting must start with smtp:// or smtps://; {hint}.": (
        "Le réglage smtp_url doit commencer par smtp:// ou smtps:// ; {hint}."
    ),
    "The smtp_url setting names no server; {hint}.": "Le réglage smtp_url ne nomme aucun serveur ; {hint}.",
    "This call already has an outcome.": "Cet appel a déjà une issue.",
    "This debtor has no call with a recorded outcome yet; nothing to confirm.": (
        "Ce débiteur n'a encore aucun appel avec une issue enregistrée ; rien à confirmer."
    ),
    "Updating the schema of {url} failed ({detail}); the database was put back as it was{kept}.": (
        "La mise à jour du schéma de {url} a échoué ({detail}) ; la base a été remise comme avant{kept}."
    ),
    "Your identity could not be written to the config file as typed.": (
        "Votre identité n'a pas pu être écrite telle que saisie dans le fichier de réglages."
    ),
    "smtps:// is already encrypted; remove starttls from smtp_url.": "smtps:// est déjà chiffré ; retirez starttls de smtp_url.",
    "starttls in smtp_url must be true or false, not '{flag}'.": "starttls dans smtp_url doit valoir true ou false, pas « {flag} ».",
    "timeout in smtp_url must be a number of seconds above 0 and at most {MAX_TIMEOUT_S}, not '{query}'.": (
        "timeout dans smtp_url doit être un nombre de secondes supérieur à 0 et au plus {MAX_TIMEOUT_S}, pas « {query} »."
    ),
    "{amount} is more than the {left} {name} has left to pay.": "{amount}, c'est plus que les {left} qui restent à payer à {name}.",
    "{amount} is too large for an amount (the limit is below 10^12).": "{amount} est trop grand pour un montant (la limite est sous 10^12).",
    "{error}. The email stays in the outbox, unsent: {path}": "{error}. L'e-mail reste dans la boîte d'envoi, non envoyé : {path}",
    "{existing} already exists; use --force to overwrite it.": "{existing} existe déjà ; utilisez --force pour le remplacer.",
    "{given} is more than the {left} left to pay on invoice {number}.": (
        "{given}, c'est plus que les {left} qui restent à payer sur la facture {number}."
    ),
    "{name} carries an e-invoice of {xml}, more than an e-invoice can be ({MAX_BYTES} at most): it was not read.": (
        "{name} contient une facture électronique de {xml}, plus que ce qu'une facture électronique peut "
        "faire ({MAX_BYTES} au plus) : elle n'a pas été lue."
    ),
    "{name} declares a DTD or entities (<!DOCTYPE, <!ENTITY), which no e-invoice does: it was refused unread, as "
    "such declarations can expand without end or pull in other files.": (
        "{name} déclare une DTD ou des entités (<!DOCTYPE, <!ENTITY), ce que ne fait aucune facture "
        "électronique : il a été refusé sans être lu, car ces déclarations peuvent grossir sans fin ou "
        "inclure d'autres fichiers."
    ),
    "{name} has no overdue, undisputed invoice to claim on {today}.": (
        "{name} n'a aucune facture en retard et non contestée à réclamer au {today}."
    ),
    "{name} is XML but not an e-invoice: its root is <{local}>, where a UBL Invoice or CreditNote or a CII "
    "CrossIndustryInvoice was expected.": (
        "{name} est du XML mais pas une facture électronique : sa racine est <{local}>, là où une Invoice ou "
        "CreditNote UBL ou une CrossIndustryInvoice CII était attendue."
    ),
    "{name} is a damaged PDF that cannot be read ({reason}).": "{name} est un PDF endommagé et illisible ({reason}).",
    "{name} is not well-formed XML (line {lineno}: {msg}).": "{name} n'est pas du XML bien formé (ligne {lineno} : {msg}).",
    "{name} must be a date written YYYY-MM-DD, not '{value}'.": "{name} doit être une date écrite AAAA-MM-JJ, pas « {value} ».",
    "{name} must be a day {BOUNDS}, not '{value}'.": "{name} doit être un jour {BOUNDS}, pas « {value} ».",
    "{name} owes invoices in several currencies; write one letter per currency.": (
        "{name} doit des factures en plusieurs devises ; écrivez une lettre par devise."
    ),
    "{name}'s invoices are in several currencies; say which invoices the payment pays.": (
        "Les factures de {name} sont en plusieurs devises ; dites quelles factures le paiement règle."
    ),
    "{path} cannot be read: {strerror}.": "{path} est illisible : {strerror}.",
    "{path} does not exist.": "{path} n'existe pas.",
    "{path} is a PDF without an embedded e-invoice (no Factur-X or ZUGFeRD XML inside): there is nothing to "
    "import from it.": (
        "{path} est un PDF sans facture électronique intégrée (pas de XML Factur-X ou ZUGFeRD dedans) : il "
        "n'y a rien à en importer."
    ),
    "{path} is a folder, not a database file.": "{path} est un dossier, pas un fichier de base de données.",
    "{path} is empty: its first line must name the columns.": "{path} est vide : sa première ligne doit nommer les colonnes.",
    "{path} is neither a CSV file nor an e-invoice (UBL or CII XML, Factur-X PDF): it was not imported.": (
        "{path} n'est ni un fichier CSV ni une facture électronique (XML UBL ou CII, PDF Factur-X) : il n'a "
        "pas été importé."
    ),
    "{path} is not text in UTF-8 or Windows-1252; save it as CSV UTF-8.": (
        "{path} n'est pas du texte en UTF-8 ou Windows-1252 ; enregistrez-le en CSV UTF-8."
    ),
    "{path} is not valid UTF-16 text.": "{path} n'est pas du texte UTF-16 valide.",
    "{path} is {size}, more than an e-invoice can be ({limit} at most): it was not read.": (
        "{path} fait {size}, plus que ce qu'une facture électronique peut faire ({limit} au plus) : il n'a "
        "pas été lu."
    ),
    "{path} line {first_line_no}: the header row cannot be read ({exc}).": (
        "{path} ligne {first_line_no} : la ligne d'en-tête est illisible ({exc})."
    ),
    "{path}: its first line is longer than 128 KiB, so it cannot be a row of column names.": (
        "{path} : sa première ligne dépasse 128 Kio, elle ne peut donc pas nommer des colonnes."
    ),
    "{text} — {date}": "{text} — {date}",
    "Friendly email reminder": "Relance amiable par e-mail",
    # what the penalty figures leave out
    "The debtor is a consumer: the B2B late-payment interest and the fixed indemnity do not apply "
    "(France: legal interest rate only after a formal notice; Belgium: capped fees after a free "
    "first reminder).": (
        "Le débiteur est un consommateur : les intérêts de retard B2B et l'indemnité forfaitaire ne "
        "s'appliquent pas (France : intérêt au taux légal seulement après une mise en demeure ; "
        "Belgique : frais plafonnés après un premier rappel gratuit)."
    ),
    "Late-payment interest is not claimed ([consequences] late_interest = false).": (
        "Les intérêts de retard ne sont pas réclamés ([consequences] late_interest = false)."
    ),
    "The fixed recovery indemnity is not claimed ([consequences] recovery_indemnity = false).": (
        "L'indemnité forfaitaire de recouvrement n'est pas réclamée ([consequences] recovery_indemnity = false)."
    ),
    # what an import did
    "Would import {files}:": "Import à blanc de {files} :",
    "Imported {files}:": "Import de {files} :",
    "debtors": "débiteurs",
    "contacts": "contacts",
    "invoices": "factures",
    "payments": "paiements",
    "reminders": "relances",
    "documents": "pièces",
    "{created} new  {updated} updated  {unchanged} unchanged": (
        "{created} nouveaux  {updated} mis à jour  {unchanged} inchangés"
    ),
    "nothing to change.": "rien à changer.",
    "nothing changed.": "rien n'a changé.",
    "{file}: ignored unknown columns {columns}": "{file} : colonnes inconnues ignorées {columns}",
    "Dry run: nothing was written.": "À blanc : rien n'a été écrit.",
    "{file}: credit note {label} names no invoice (BT-25): listed in the debtor's file, no invoice lowered": (
        "{file} : l'avoir {label} ne nomme aucune facture (BT-25) : listé dans la fiche du débiteur, "
        "aucune facture diminuée"
    ),
    "{file}: skipped, a PDF without an embedded e-invoice": (
        "{file} : ignoré, un PDF sans facture électronique intégrée"
    ),
    "Wrote {files}.": "Écrit : {files}.",
    "Reading {file}": "Lecture de {file}",
    "Reading e-invoices": "Lecture des factures électroniques",
    "Writing": "Écriture",
    "[y/N]": "[o/N]",
    "Erase the personal data of {name} (#{id})?": "Effacer les données personnelles de {name} (n° {id}) ?",
    "Erased the personal data of {name} (#{id}): {contacts}, {invoices}, {files}.": (
        "Données personnelles de {name} (n° {id}) effacées : {contacts}, {invoices}, {files}."
    ),
    "ok: '{name}' ({language}), {parts}": "ok : « {name} » ({language}), {parts}",
    'Name one in your config file ([call] script = "...") to use it.': (
        'Nommez-en un dans votre fichier de réglages ([call] script = "…") pour l\'utiliser.'
    ),
    # the report on the command line
    "{hours}h {minutes}m": "{hours}\u00a0h\u00a0{minutes}",
    "Promises due {due}: {kept} · {partly} · {broken} · on the phone {time}": (
        "Promesses échues {due} : {kept} · {partly} · {broken} · au tél. {time}"
    ),
    "Where the money stands ({currency})": "Où en sont les sommes dues ({currency})",
    "as of": "au",
    "total": "total",
    "DSO": "DSO",
    "avg late": "retard moy.",
    "What works in the script (replies leading to money first)": (
        "Ce qui marche dans le script (les réponses qui mènent au paiement d'abord)"
    ),
    "script": "script",
    "node · answer": "étape · réponse",
    "promise": "promesse",
    "Who pays (debtors called in the period, worst first)": (
        "Qui paie (débiteurs appelés dans la période, les pires d'abord)"
    ),
    "avg days late": "retard moyen (j)",
    "late now": "retard actuel",
    "Calendar written: {path} ({actions})": "Calendrier écrit : {path} ({actions})",
    "Call queue for {day}: {debtors}": "File d'appels du {day} : {debtors}",
    "no {law} rate in the table before {half}: interest before {day} not computed": (
        "pas de taux {law} dans la table avant le {half} : intérêts avant le {day} non calculés"
    ),
    "{url} is not a dunning database: it holds other tables ({shown}); give an empty or new database.": (
        "{url} n'est pas une base dunning : elle contient d'autres tables ({shown}) ; donnez une base vide "
        "ou nouvelle."
    ),
}

#: Textual's own words: its widgets' keys (the F1 panel) and its commands (the palette).
TEXTUAL: dict[str, str] = {
    "Search for commands…": "Chercher une commande…",
    "Theme": "Thème",
    "Change the current theme": "Changer le thème",
    "Quit the application as soon as possible": "Quitter l'application au plus vite",
    "Hide the keys and widget help panel": "Masquer le panneau des touches",
    "Show help for the focused widget and a summary of available keys": (
        "Afficher l'aide de l'élément actif et les touches disponibles"
    ),
    "Minimize": "Réduire",
    "Minimize the widget and restore to normal size": "Réduire l'élément à sa taille normale",
    "Maximize": "Agrandir",
    "Maximize the focused widget": "Agrandir l'élément actif",
    "Screenshot": "Capture d'écran",
    "Save an SVG 'screenshot' of the current screen": "Enregistrer une capture SVG de l'écran",
    "Bottom": "Bas",
    "Top": "Haut",
    "Up": "Haut",
    "Down": "Bas",
    "Home": "Début",
    "End": "Fin",
    "Copy selected text": "Copier le texte sélectionné",
    "Cut selected text": "Couper le texte sélectionné",
    "Paste text from the clipboard": "Coller le presse-papiers",
    "Cursor up": "Curseur en haut",
    "Cursor down": "Curseur en bas",
    "Cursor left": "Curseur à gauche",
    "Cursor right": "Curseur à droite",
    "Delete all to the left": "Effacer tout à gauche",
    "Delete all to the right": "Effacer tout à droite",
    "Delete character left": "Effacer le caractère à gauche",
    "Delete character right": "Effacer le caractère à droite",
    "Delete left to start of word": "Effacer jusqu'au début du mot",
    "Delete right to start of word": "Effacer jusqu'au mot suivant",
    "Exit the command palette": "Fermer la palette",
    "Focus Next": "Élément suivant",
    "Focus Previous": "Élément précédent",
    "Go to bottom": "Aller en bas",
    "Go to top": "Aller en haut",
    "Go to end": "Aller à la fin",
    "Go to start": "Aller au début",
    "Move cursor left": "Curseur à gauche",
    "Move cursor left a word": "Curseur un mot à gauche",
    "Move cursor left a word and select": "Sélectionner un mot à gauche",
    "Move cursor left and select": "Sélectionner à gauche",
    "Move cursor right a word": "Curseur un mot à droite",
    "Move cursor right a word and select": "Sélectionner un mot à droite",
    "Move cursor right and select": "Sélectionner à droite",
    "Move cursor right or accept the completion suggestion": "Curseur à droite ou accepter la suggestion",
    "Next command": "Commande suivante",
    "Previous command": "Commande précédente",
    "Page Down": "Page suivante",
    "Page Up": "Page précédente",
    "Page down": "Page suivante",
    "Page up": "Page précédente",
    "Page Left": "Page à gauche",
    "Page Right": "Page à droite",
    "Scroll Down": "Défiler vers le bas",
    "Scroll Up": "Défiler vers le haut",
    "Scroll Left": "Défiler à gauche",
    "Scroll Right": "Défiler à droite",
    "Scroll Home": "Défiler au début",
    "Scroll End": "Défiler à la fin",
    "Select": "Choisir",
    "Select all": "Tout sélectionner",
    "Select line end": "Sélectionner jusqu'à la fin",
    "Select line start": "Sélectionner jusqu'au début",
    "Submit": "Valider",
    "Toggle": "Cocher",
}

WORDS: dict[str, str] = {**UI, **KEYED, **HELP, **IMPORTS, **ERRORS, **TEXTUAL}

#: Words that agree with a number (French "one" covers 0 and 1).
PLURALS: dict[str, dict[str, str]] = {
    "{count} calls": {"one": "{count} appel", "other": "{count} appels"},
    "{count} reached": {"one": "{count} joint", "other": "{count} joints"},
    "{count} promises": {"one": "{count} promesse", "other": "{count} promesses"},
    "{count} debtors": {"one": "{count} débiteur", "other": "{count} débiteurs"},
    "{count} open actions": {"one": "{count} action ouverte", "other": "{count} actions ouvertes"},
    "{count} kept": {"one": "{count} tenue", "other": "{count} tenues"},
    "{count} files": {"one": "{count} fichier", "other": "{count} fichiers"},
    "{count} contacts deleted": {"one": "{count} contact supprimé", "other": "{count} contacts supprimés"},
    "{count} invoices kept anonymised": {
        "one": "{count} facture gardée anonymisée",
        "other": "{count} factures gardées anonymisées",
    },
    "{count} emails and letters removed": {
        "one": "{count} e-mail ou lettre retiré",
        "other": "{count} e-mails et lettres retirés",
    },
    "{count} nodes": {"one": "{count} étape", "other": "{count} étapes"},
    "{count} ends": {"one": "{count} fin", "other": "{count} fins"},
    "{count} other entry points": {
        "one": "{count} autre point d'entrée",
        "other": "{count} autres points d'entrée",
    },
    "longest path {count} steps": {
        "one": "chemin le plus long {count} étape",
        "other": "chemin le plus long {count} étapes",
    },
    "{count} rows": {"one": "{count} ligne", "other": "{count} lignes"},
    "{count} partly": {"one": "{count} en partie", "other": "{count} en partie"},
    "{count} broken": {"one": "{count} non tenue", "other": "{count} non tenues"},
    "{file} has {count} bad rows": {
        "one": "{file} a {count} ligne erronée",
        "other": "{file} a {count} lignes erronées",
    },
    "{file} has {count} problems": {
        "one": "{file} a {count} problème",
        "other": "{file} a {count} problèmes",
    },
}
