<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AboutPage</name>
    <message>
        <source>Discord Developer Portal (your bot, its token and intents)</source>
        <translation>Discord Developer Portal (dein Bot, sein Token und seine Intents)</translation>
    </message>
    <message>
        <source>Character Card V2 spec</source>
        <translation>Spezifikation von Character Card V2</translation>
    </message>
    <message>
        <source>Character Card V3 spec</source>
        <translation>Spezifikation von Character Card V3</translation>
    </message>
    <message>
        <source>OpenRouter models</source>
        <translation>Modelle bei OpenRouter</translation>
    </message>
    <message>
        <source>Your AI character&apos;s Discord bot, in the system tray.</source>
        <translation>Der Discord-Bot deines KI-Charakters, im Infobereich der Taskleiste.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Settings location</source>
        <translation>Ort der Einstellungen</translation>
    </message>
    <message>
        <source>Open the settings folder</source>
        <translation>Ordner der Einstellungen öffnen</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Charaktere</translation>
    </message>
    <message>
        <source>Characters location</source>
        <translation>Ort der Charaktere</translation>
    </message>
    <message>
        <source>Open the characters folder</source>
        <translation>Ordner der Charaktere öffnen</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Presets</translation>
    </message>
    <message>
        <source>Presets location</source>
        <translation>Ort der Presets</translation>
    </message>
    <message>
        <source>Open the presets folder</source>
        <translation>Ordner der Presets öffnen</translation>
    </message>
    <message>
        <source>Conversation memory</source>
        <translation>Gesprächsgedächtnis</translation>
    </message>
    <message>
        <source>Conversation memory location</source>
        <translation>Ort des Gesprächsgedächtnisses</translation>
    </message>
    <message>
        <source>Open the conversation memory folder</source>
        <translation>Ordner des Gesprächsgedächtnisses öffnen</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Protokolle</translation>
    </message>
    <message>
        <source>Logs location</source>
        <translation>Ort der Protokolle</translation>
    </message>
    <message>
        <source>Open the logs folder</source>
        <translation>Ordner der Protokolle öffnen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Secrets: …</source>
        <translation>Geheimnisse: …</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Folders in use</source>
        <translation>Verwendete Ordner</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>System default ({language})</source>
        <translation>Systemstandard ({language})</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>Could not keep the language: {error}</source>
        <translation>Die Sprache konnte nicht gespeichert werden: {error}</translation>
    </message>
    <message>
        <source>Familiar will use this language from its next start.</source>
        <translation>Familiar verwendet diese Sprache ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>Token and API key are kept in: {where}.</source>
        <translation>Token und API-Schlüssel werden aufbewahrt in: {where}.</translation>
    </message>
</context>
<context>
    <name>BehaviourPage</name>
    <message>
        <source>Everyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Only allowed people (and the bot&apos;s owner)</source>
        <translation>Nur erlaubte Personen (und der Besitzer des Bots)</translation>
    </message>
    <message>
        <source>Nobody (but the owner)</source>
        <translation>Niemand (außer dem Besitzer)</translation>
    </message>
    <message>
        <source>When someone @&amp;mentions the bot</source>
        <translation>Wenn jemand den Bot @&amp;erwähnt</translation>
    </message>
    <message>
        <source>When someone &amp;replies to one of its messages</source>
        <translation>Wenn jemand auf eine seiner Nachrichten &amp;antwortet</translation>
    </message>
    <message>
        <source>In &amp;direct messages</source>
        <translation>In &amp;Direktnachrichten</translation>
    </message>
    <message>
        <source>No channel: the bot only answers when a trigger above applies.</source>
        <translation>Kein Kanal: Der Bot antwortet nur, wenn einer der Auslöser oben zutrifft.</translation>
    </message>
    <message>
        <source>Empty: every server the bot is in.</source>
        <translation>Leer: alle Server, auf denen der Bot ist.</translation>
    </message>
    <message>
        <source>Empty: every channel it can see.</source>
        <translation>Leer: alle Kanäle, die er sehen kann.</translation>
    </message>
    <message>
        <source>Empty: everyone who is not blocked.</source>
        <translation>Leer: alle, die nicht blockiert sind.</translation>
    </message>
    <message>
        <source>Allowed people</source>
        <translation>Erlaubte Personen</translation>
    </message>
    <message>
        <source>No one is blocked.</source>
        <translation>Niemand ist blockiert.</translation>
    </message>
    <message>
        <source>Blocked people</source>
        <translation>Blockierte Personen</translation>
    </message>
    <message>
        <source>Empty: any role.</source>
        <translation>Leer: jede Rolle.</translation>
    </message>
    <message>
        <source>Allowed roles</source>
        <translation>Erlaubte Rollen</translation>
    </message>
    <message>
        <source>No role is blocked.</source>
        <translation>Keine Rolle ist blockiert.</translation>
    </message>
    <message>
        <source>Blocked roles</source>
        <translation>Blockierte Rollen</translation>
    </message>
    <message>
        <source>None: only people with Manage Server (and the bot&apos;s owner).</source>
        <translation>Keine: nur Personen mit „Server verwalten“ (und der Besitzer des Bots).</translation>
    </message>
    <message>
        <source>Admin roles</source>
        <translation>Admin-Rollen</translation>
    </message>
    <message>
        <source>Re-s&amp;ync commands</source>
        <translation>Befehle neu s&amp;ynchronisieren</translation>
    </message>
    <message>
        <source>Not shown</source>
        <translation>Nicht angezeigt</translation>
    </message>
    <message>
        <source>Daily limits reached</source>
        <translation>Erreichte Tageslimits</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>No cooldown</source>
        <translation>Keine Wartezeit</translation>
    </message>
    <message>
        <source>First greeting</source>
        <translation>Die erste Begrüßung</translation>
    </message>
    <message>
        <source>A random greeting</source>
        <translation>Eine zufällige Begrüßung</translation>
    </message>
    <message>
        <source>No greeting</source>
        <translation>Keine Begrüßung</translation>
    </message>
    <message>
        <source>Show the model&apos;s reasoning (as a s&amp;poiler)</source>
        <translation>Überlegungen des Modells zeigen (als S&amp;poiler)</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>On</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source> messages</source>
        <translation> Nachrichten</translation>
    </message>
    <message>
        <source> % of the context</source>
        <translation> % des Kontexts</translation>
    </message>
    <message>
        <source>Speak as the character (&amp;webhooks)</source>
        <translation>Als der Charakter sprechen (&amp;Webhooks)</translation>
    </message>
    <message>
        <source>S&amp;tream replies</source>
        <translation>Antworten s&amp;treamen</translation>
    </message>
    <message>
        <source>The channel&apos;s first character</source>
        <translation>Der erste Charakter des Kanals</translation>
    </message>
    <message>
        <source>The character who spoke last</source>
        <translation>Der Charakter, der zuletzt sprach</translation>
    </message>
    <message>
        <source>Let characters tal&amp;k to each other</source>
        <translation>Charaktere miteinander reden &amp;lassen</translation>
    </message>
    <message>
        <source>Re-invite the bot with the link on the Connection page, or give its role Manage Webhooks.</source>
        <translation>Lade den Bot mit dem Link auf der Seite „Verbindung“ neu ein oder gib seiner Rolle „Webhooks verwalten“.</translation>
    </message>
    <message>
        <source>&amp;Notify me when the bot goes offline, comes back, or needs me</source>
        <translation>&amp;Benachrichtigen, wenn der Bot offline geht, zurückkommt oder mich braucht</translation>
    </message>
    <message>
        <source>Start Familiar when I &amp;log in</source>
        <translation>Familiar beim &amp;Anmelden starten</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <source>&amp;Always reply in</source>
        <translation>&amp;Immer antworten in</translation>
    </message>
    <message>
        <source>Channels where every message gets an answer, trigger or not.</source>
        <translation>Kanäle, in denen jede Nachricht eine Antwort bekommt, ob mit Auslöser oder nicht.</translation>
    </message>
    <message>
        <source>Only in &amp;servers</source>
        <translation>Nur auf &amp;Servern</translation>
    </message>
    <message>
        <source>Only in &amp;channels</source>
        <translation>Nur in &amp;Kanälen</translation>
    </message>
    <message>
        <source>Empty allowed lists mean everyone. Blocked wins. The bot&apos;s owner (from the Discord application) is always allowed.</source>
        <translation>Leere Erlaubt-Listen bedeuten: alle. Blockiert hat Vorrang. Der Besitzer des Bots (aus der Discord-Anwendung) ist immer erlaubt.</translation>
    </message>
    <message>
        <source>People and roles are typed as IDs (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID: on a person, or on a role under Server Settings → Roles).</source>
        <translation>Personen und Rollen werden als IDs eingegeben (in Discord: Einstellungen → Erweitert → Entwicklermodus, dann Rechtsklick → ID kopieren: auf einer Person oder auf einer Rolle unter Servereinstellungen → Rollen).</translation>
    </message>
    <message>
        <source>All&amp;owed people</source>
        <translation>&amp;Erlaubte Personen</translation>
    </message>
    <message>
        <source>Direct messages &amp;from</source>
        <translation>Direktnachrichten &amp;von</translation>
    </message>
    <message>
        <source>Can use /character set, /cast and /reset, besides people with Manage Server.</source>
        <translation>Dürfen /character set, /cast und /reset verwenden, zusätzlich zu Personen mit „Server verwalten“.</translation>
    </message>
    <message>
        <source>Slash commands</source>
        <translation>Slash-Befehle</translation>
    </message>
    <message>
        <source>Discord&apos;s slash commands are synced by themselves when they change; use this if they look out of date.</source>
        <translation>Die Slash-Befehle von Discord werden bei Änderungen von selbst synchronisiert; nutze dies, wenn sie veraltet wirken.</translation>
    </message>
    <message>
        <source>Per-user &amp;cooldown</source>
        <translation>&amp;Wartezeit pro Person</translation>
    </message>
    <message>
        <source>After answering someone, wait this long before answering them again.</source>
        <translation>Nach einer Antwort an jemanden so lange warten, bevor er wieder eine Antwort bekommt.</translation>
    </message>
    <message>
        <source>Limits count tokens per UTC day; when one is reached the bot says it is resting until midnight UTC.</source>
        <translation>Limits zählen Tokens pro UTC-Tag; ist eins erreicht, sagt der Bot, dass er bis Mitternacht UTC pausiert.</translation>
    </message>
    <message>
        <source>Per person a day</source>
        <translation>Pro Person am Tag</translation>
    </message>
    <message>
        <source>Per ser&amp;ver a day</source>
        <translation>Pro Ser&amp;ver am Tag</translation>
    </message>
    <message>
        <source>In total a day</source>
        <translation>Insgesamt am Tag</translation>
    </message>
    <message>
        <source>Cost per 1M tokens</source>
        <translation>Kosten pro 1 Mio. Tokens</translation>
    </message>
    <message>
        <source>In your currency, to show what the tokens cost on the Usage page.</source>
        <translation>In deiner Währung, um auf der Seite „Nutzung“ zu zeigen, was die Tokens kosten.</translation>
    </message>
    <message>
        <source>&amp;Greeting</source>
        <translation>&amp;Begrüßung</translation>
    </message>
    <message>
        <source>What the character says first in a channel where it has not spoken yet, or after a /reset.</source>
        <translation>Was der Charakter zuerst sagt, in einem Kanal, in dem er noch nicht gesprochen hat, oder nach einem /reset.</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Überlegungen</translation>
    </message>
    <message>
        <source>Reasoning models think before they answer. Off: only the answer is posted.</source>
        <translation>Reasoning-Modelle denken nach, bevor sie antworten. Aus: Nur die Antwort wird gepostet.</translation>
    </message>
    <message>
        <source>Send &amp;images to the model</source>
        <translation>&amp;Bilder an das Modell senden</translation>
    </message>
    <message>
        <source>Auto: pictures people post go to the model, until it answers that it cannot take images; then it gets a short note instead.</source>
        <translation>Automatisch: Bilder, die Leute posten, gehen an das Modell, bis es antwortet, dass es keine Bilder verarbeiten kann; dann bekommt es stattdessen eine kurze Notiz.</translation>
    </message>
    <message>
        <source>Images &amp;per reply</source>
        <translation>Bilder &amp;pro Antwort</translation>
    </message>
    <message>
        <source>At most this many pictures, newest first.</source>
        <translation>Höchstens so viele Bilder, die neuesten zuerst.</translation>
    </message>
    <message>
        <source>Name and avatar</source>
        <translation>Name und Avatar</translation>
    </message>
    <message>
        <source>Each character posts under its own name and avatar through a channel webhook. Needs the Manage Webhooks permission (the invite link asks for it); in direct messages, and where it is missing, the bot account posts.</source>
        <translation>Jeder Charakter postet über einen Kanal-Webhook unter eigenem Namen und Avatar. Dafür braucht es die Berechtigung „Webhooks verwalten“ (der Einladungslink fragt danach); in Direktnachrichten und wo sie fehlt, postet das Bot-Konto.</translation>
    </message>
    <message>
        <source>Streaming</source>
        <translation>Streaming</translation>
    </message>
    <message>
        <source>The reply appears at once and grows as the model writes (edited at most once a second).</source>
        <translation>Die Antwort erscheint sofort und wächst, während das Modell schreibt (höchstens einmal pro Sekunde bearbeitet).</translation>
    </message>
    <message>
        <source>A m&amp;ention that names no one is answered by</source>
        <translation>Eine &amp;Erwähnung ohne Namen beantwortet</translation>
    </message>
    <message>
        <source>Between characters</source>
        <translation>Zwischen Charakteren</translation>
    </message>
    <message>
        <source>A character&apos;s reply that names another character of the channel is answered by it.</source>
        <translation>Nennt die Antwort eines Charakters einen anderen Charakter des Kanals, antwortet dieser.</translation>
    </message>
    <message>
        <source>Replies in a row without a &amp;human</source>
        <translation>Antworten in Folge ohne einen &amp;Menschen</translation>
    </message>
    <message>
        <source>Then the characters wait until someone writes.</source>
        <translation>Danach warten die Charaktere, bis jemand schreibt.</translation>
    </message>
    <message>
        <source>Scan &amp;depth</source>
        <translation>Such&amp;tiefe</translation>
    </message>
    <message>
        <source>How many recent messages are searched for lorebook keys (when a lorebook sets none).</source>
        <translation>Wie viele neue Nachrichten nach Lorebook-Schlüsseln durchsucht werden (wenn ein Lorebook nichts festlegt).</translation>
    </message>
    <message>
        <source>&amp;Budget</source>
        <translation>&amp;Budget</translation>
    </message>
    <message>
        <source>The most room lorebook entries may take in the prompt (when a lorebook sets none).</source>
        <translation>Wie viel Platz Lorebook-Einträge im Prompt höchstens einnehmen dürfen (wenn ein Lorebook nichts festlegt).</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Beim Anmelden starten</translation>
    </message>
    <message>
        <source>When to reply</source>
        <translation>Wann antworten</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Who may use the bot</source>
        <translation>Wer den Bot nutzen darf</translation>
    </message>
    <message>
        <source>Pace</source>
        <translation>Tempo</translation>
    </message>
    <message>
        <source>How much</source>
        <translation>Wie viel</translation>
    </message>
    <message>
        <source>Character</source>
        <translation>Charakter</translation>
    </message>
    <message>
        <source>Characters in Discord</source>
        <translation>Charaktere in Discord</translation>
    </message>
    <message>
        <source>Lorebooks</source>
        <translation>Lorebooks</translation>
    </message>
    <message>
        <source>App</source>
        <translation>App</translation>
    </message>
    <message numerus="yes">
        <source>The lists offer the %n server(s) the bot is in now; you can also type an ID (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID).</source>
        <translation>
            <numerusform>Die Listen bieten den %n Server an, auf dem der Bot gerade ist; du kannst auch eine ID eingeben (in Discord: Einstellungen → Erweitert → Entwicklermodus, dann Rechtsklick → ID kopieren).</numerusform>
            <numerusform>Die Listen bieten die %n Server an, auf denen der Bot gerade ist; du kannst auch eine ID eingeben (in Discord: Einstellungen → Erweitert → Entwicklermodus, dann Rechtsklick → ID kopieren).</numerusform>
        </translation>
    </message>
    <message>
        <source>Connect the bot to pick servers and channels from a list, or type IDs (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID).</source>
        <translation>Verbinde den Bot, um Server und Kanäle aus einer Liste zu wählen, oder gib IDs ein (in Discord: Einstellungen → Erweitert → Entwicklermodus, dann Rechtsklick → ID kopieren).</translation>
    </message>
    <message>
        <source>Commands will be synced again now.</source>
        <translation>Die Befehle werden jetzt neu synchronisiert.</translation>
    </message>
    <message>
        <source>Commands will be synced again when the bot connects.</source>
        <translation>Die Befehle werden neu synchronisiert, sobald der Bot sich verbindet.</translation>
    </message>
    <message>
        <source>Without Manage Webhooks (characters speak there as the bot): {channels}</source>
        <translation>Ohne „Webhooks verwalten“ (dort sprechen die Charaktere als der Bot): {channels}</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Kein Limit</translation>
    </message>
</context>
<context>
    <name>ChannelCasts</name>
    <message>
        <source>Every channel uses the default character alone.</source>
        <extracomment>The &quot; (id)&quot; that ends a known channel&apos;s label: the table leaves it to the tooltip. The Channel column takes at most this share of the table&apos;s width; the cast the rest.</extracomment>
        <translation>Jeder Kanal verwendet nur den Standardcharakter.</translation>
    </message>
    <message>
        <source>A channel&apos;s cast answers together: a message that names a character is answered by it; a mention naming no one, by the first.</source>
        <translation>Die Besetzung eines Kanals antwortet gemeinsam: Eine Nachricht, die einen Charakter nennt, beantwortet dieser; eine Erwähnung ohne Namen der erste.</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Cast</source>
        <translation>Besetzung</translation>
    </message>
    <message>
        <source>Casts per channel</source>
        <translation>Besetzungen pro Kanal</translation>
    </message>
    <message>
        <source>Channel whose cast to edit</source>
        <translation>Kanal, dessen Besetzung bearbeitet wird</translation>
    </message>
    <message>
        <source>Character to add, remove or make first</source>
        <translation>Charakter zum Hinzufügen, Entfernen oder an die erste Stelle</translation>
    </message>
    <message>
        <source>Add to cast</source>
        <translation>Zur Besetzung hinzufügen</translation>
    </message>
    <message>
        <source>Add the character to that channel&apos;s cast</source>
        <translation>Den Charakter zur Besetzung dieses Kanals hinzufügen</translation>
    </message>
    <message>
        <source>Remove from cast</source>
        <translation>Aus Besetzung entfernen</translation>
    </message>
    <message>
        <source>Remove the character from that channel&apos;s cast</source>
        <translation>Den Charakter aus der Besetzung dieses Kanals entfernen</translation>
    </message>
    <message>
        <source>Make first</source>
        <translation>An erste Stelle</translation>
    </message>
    <message>
        <source>Make the character first in that channel&apos;s cast</source>
        <translation>Den Charakter in der Besetzung dieses Kanals an die erste Stelle setzen</translation>
    </message>
    <message>
        <source>Remove channel</source>
        <translation>Kanal entfernen</translation>
    </message>
    <message>
        <source>Remove the selected channel&apos;s cast</source>
        <translation>Die Besetzung des ausgewählten Kanals entfernen</translation>
    </message>
    <message>
        <source>{character} is already in the cast of {channel}.</source>
        <translation>{character} ist schon in der Besetzung von {channel}.</translation>
    </message>
    <message>
        <source>Select a channel in the table first.</source>
        <translation>Wähle zuerst einen Kanal in der Tabelle.</translation>
    </message>
    <message>
        <source>{character} is not in the cast of {channel}.</source>
        <translation>{character} ist nicht in der Besetzung von {channel}.</translation>
    </message>
    <message>
        <source>Pick a channel (or type its ID) and a character.</source>
        <translation>Wähle einen Kanal (oder gib seine ID ein) und einen Charakter.</translation>
    </message>
    <message>
        <source>{id} (not seen by the bot right now)</source>
        <translation>{id} (für den Bot gerade nicht sichtbar)</translation>
    </message>
    <message>
        <source>{name} (missing)</source>
        <translation>{name} (fehlt)</translation>
    </message>
</context>
<context>
    <name>CharacterForm</name>
    <message>
        <source>must be a number (Unix time in seconds) or empty</source>
        <translation>muss eine Zahl sein (Unix-Zeit in Sekunden) oder leer bleiben</translation>
    </message>
    <message>
        <source>This is the built-in character: it cannot be changed. Press Duplicate to make your own copy.</source>
        <translation>Das ist der eingebaute Charakter: Er kann nicht geändert werden. Drücke „Duplizieren“, um eine eigene Kopie anzulegen.</translation>
    </message>
    <message>
        <source>Avatar</source>
        <translation>Avatar</translation>
    </message>
    <message>
        <source>Change a&amp;vatar…</source>
        <translation>A&amp;vatar ändern…</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>What the character is called</source>
        <translation>Wie der Charakter heißt</translation>
    </message>
    <message>
        <source>Nic&amp;kname</source>
        <translation>&amp;Spitzname</translation>
    </message>
    <message>
        <source>A shorter name some tools show (V3 cards)</source>
        <translation>Ein kürzerer Name, den manche Programme zeigen (V3-Karten)</translation>
    </message>
    <message>
        <source>Ta&amp;gs</source>
        <translation>&amp;Tags</translation>
    </message>
    <message>
        <source>Separated by commas.</source>
        <translation>Durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Beschreibung</translation>
    </message>
    <message>
        <source>&amp;Personality</source>
        <translation>&amp;Persönlichkeit</translation>
    </message>
    <message>
        <source>&amp;Scenario</source>
        <translation>S&amp;zenario</translation>
    </message>
    <message>
        <source>Greetings</source>
        <translation>Begrüßungen</translation>
    </message>
    <message>
        <source>&amp;First message</source>
        <translation>&amp;Erste Nachricht</translation>
    </message>
    <message>
        <source>&amp;Alternate greetings</source>
        <translation>&amp;Alternative Begrüßungen</translation>
    </message>
    <message>
        <source>&amp;Group-only greetings</source>
        <translation>Begrüßungen nur für &amp;Gruppen</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>S&amp;ystem prompt</source>
        <translation>S&amp;ystem-Prompt</translation>
    </message>
    <message>
        <source>Empty: Familiar writes one from the description. {{original}} inserts that default.</source>
        <translation>Leer: Familiar schreibt einen aus der Beschreibung. {{original}} fügt diesen Standard ein.</translation>
    </message>
    <message>
        <source>Post-history &amp;instructions</source>
        <translation>&amp;Anweisungen nach dem Verlauf</translation>
    </message>
    <message>
        <source>Sent after the conversation, just before the reply.</source>
        <translation>Wird nach dem Gespräch gesendet, direkt vor der Antwort.</translation>
    </message>
    <message>
        <source>&amp;Example dialogues</source>
        <translation>&amp;Beispieldialoge</translation>
    </message>
    <message>
        <source>Separate example conversations with a line holding &lt;START&gt;.</source>
        <translation>Trenne Beispielgespräche durch eine Zeile mit &lt;START&gt;.</translation>
    </message>
    <message>
        <source>Creator</source>
        <translation>Ersteller</translation>
    </message>
    <message>
        <source>C&amp;reator</source>
        <translation>E&amp;rsteller</translation>
    </message>
    <message>
        <source>Character &amp;version</source>
        <translation>Charakter&amp;version</translation>
    </message>
    <message>
        <source>Creator &amp;notes</source>
        <translation>&amp;Notizen des Erstellers</translation>
    </message>
    <message>
        <source>Notes by &amp;language (JSON)</source>
        <translation>Notizen nach &amp;Sprache (JSON)</translation>
    </message>
    <message>
        <source>For example {&quot;fr&quot;: &quot;Bonjour&quot;}; empty for none.</source>
        <translation>Zum Beispiel {&quot;fr&quot;: &quot;Bonjour&quot;}; leer für keine.</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>&amp;Quellen</translation>
    </message>
    <message>
        <source>One URL or id per line.</source>
        <translation>Eine URL oder ID pro Zeile.</translation>
    </message>
    <message>
        <source>Created (Unix &amp;time)</source>
        <translation>Erstellt (Unix-&amp;Zeit)</translation>
    </message>
    <message>
        <source>&amp;Modified (Unix time)</source>
        <translation>&amp;Geändert (Unix-Zeit)</translation>
    </message>
    <message>
        <source>Set when you save.</source>
        <translation>Wird beim Speichern gesetzt.</translation>
    </message>
    <message>
        <source>Lorebook &amp;&amp; extras</source>
        <translation>Lorebook &amp;&amp; Extras</translation>
    </message>
    <message>
        <source>Export lore&amp;book…</source>
        <translation>Lore&amp;book exportieren…</translation>
    </message>
    <message>
        <source>Save this card&apos;s lorebook as a World Info file SillyTavern can import.</source>
        <translation>Das Lorebook dieser Karte als World-Info-Datei speichern, die SillyTavern importieren kann.</translation>
    </message>
    <message>
        <source>&amp;Lorebook (JSON)</source>
        <translation>&amp;Lorebook (JSON)</translation>
    </message>
    <message>
        <source>The card&apos;s character_book, kept as is. Lorebooks of their own are on the Lorebooks page.</source>
        <translation>Das character_book der Karte, unverändert. Eigenständige Lorebooks sind auf der Seite „Lorebooks“.</translation>
    </message>
    <message>
        <source>E&amp;xtensions (JSON)</source>
        <translation>E&amp;rweiterungen (JSON)</translation>
    </message>
    <message>
        <source>Data other tools keep in the card.</source>
        <translation>Daten, die andere Programme in der Karte ablegen.</translation>
    </message>
    <message>
        <source>A&amp;ssets (JSON)</source>
        <translation>&amp;Assets (JSON)</translation>
    </message>
    <message>
        <source>V3 assets list; empty for none.</source>
        <translation>Assets-Liste von V3; leer für keine.</translation>
    </message>
</context>
<context>
    <name>CharactersPage</name>
    <message>
        <source>Character cards (*.png *.json)</source>
        <translation>Charakterkarten (*.png *.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</translation>
    </message>
    <message>
        <source>World Info for SillyTavern (*.json)</source>
        <extracomment>The errors an action on the character files can end with; each `str()` is a sentence. Suffixes accepted when files are dropped on the window.</extracomment>
        <translation>World Info für SillyTavern (*.json)</translation>
    </message>
    <message>
        <source>This card has no lorebook of its own.</source>
        <extracomment>The lorebook summary waits for a pause in typing (its JSON is read in a worker thread). List pictures drawn per loop pass when none needs decoding (a few ms on a slow machine).</extracomment>
        <translation>Diese Karte hat kein eigenes Lorebook.</translation>
    </message>
    <message numerus="yes">
        <source>This card&apos;s own lorebook has %n entry(s); it is used whenever this character answers.</source>
        <translation>
            <numerusform>Das eigene Lorebook dieser Karte hat %n Eintrag; es wird immer verwendet, wenn dieser Charakter antwortet.</numerusform>
            <numerusform>Das eigene Lorebook dieser Karte hat %n Einträge; es wird immer verwendet, wenn dieser Charakter antwortet.</numerusform>
        </translation>
    </message>
    <message>
        <source>The lorebook is not valid JSON yet (the field says where).</source>
        <translation>Das Lorebook ist noch kein gültiges JSON (das Feld sagt, wo).</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Charaktere</translation>
    </message>
    <message>
        <source>Ne&amp;w</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>Import PNG or JSON character cards (V1, V2, V3); you can also drop them on this window.</source>
        <translation>PNG- oder JSON-Charakterkarten importieren (V1, V2, V3); du kannst sie auch auf dieses Fenster ziehen.</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplizieren</translation>
    </message>
    <message>
        <source>Dele&amp;te…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xportieren</translation>
    </message>
    <message>
        <source>PNG card (V3, readable by V2 tools)…</source>
        <translation>PNG-Karte (V3, von V2-Programmen lesbar)…</translation>
    </message>
    <message>
        <source>JSON card (V3)…</source>
        <translation>JSON-Karte (V3)…</translation>
    </message>
    <message>
        <source>JSON card (V2)…</source>
        <translation>JSON-Karte (V2)…</translation>
    </message>
    <message>
        <source>De&amp;fault character</source>
        <translation>&amp;Standardcharakter</translation>
    </message>
    <message>
        <source>Casts per &amp;channel</source>
        <translation>Besetzungen pro &amp;Kanal</translation>
    </message>
    <message>
        <source>Who answers</source>
        <translation>Wer antwortet</translation>
    </message>
    <message>
        <source>Not saved: fix the marked fields of this character.</source>
        <translation>Nicht gespeichert: Korrigiere die markierten Felder dieses Charakters.</translation>
    </message>
    <message>
        <source>The environment variable {variable} chooses the default character: {name}. It wins over what is saved here; the casts per channel still apply.</source>
        <translation>Die Umgebungsvariable {variable} wählt den Standardcharakter: {name}. Sie hat Vorrang vor dem hier Gespeicherten; die Besetzungen pro Kanal gelten weiterhin.</translation>
    </message>
    <message>
        <source>The environment variable {variable} is “{value}”, but it names no character Familiar can use (the status line above says why). It wins over what is saved here.</source>
        <translation>Die Umgebungsvariable {variable} ist „{value}“, nennt aber keinen Charakter, den Familiar verwenden kann (die Statuszeile oben sagt, warum). Sie hat Vorrang vor dem hier Gespeicherten.</translation>
    </message>
    <message>
        <source>Set by the environment variable {variable}</source>
        <translation>Durch die Umgebungsvariable {variable} festgelegt</translation>
    </message>
    <message>
        <source>“{value}” (not usable)</source>
        <translation>„{value}“ (nicht verwendbar)</translation>
    </message>
    <message>
        <source>“{name}” has no lorebook in its card.</source>
        <translation>„{name}“ hat kein Lorebook in der Karte.</translation>
    </message>
    <message>
        <source>Export the card&apos;s lorebook</source>
        <translation>Lorebook der Karte exportieren</translation>
    </message>
    <message>
        <source>Exported the lorebook of “{name}” to {path}; SillyTavern can import it as World Info.</source>
        <translation>Lorebook von „{name}“ nach {path} exportiert; SillyTavern kann es als World Info importieren.</translation>
    </message>
    <message>
        <source>Choose an avatar</source>
        <translation>Avatar auswählen</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is not an image Familiar can read.</source>
        <translation>„{file}“ ist kein Bild, das Familiar lesen kann.</translation>
    </message>
    <message>
        <source>New avatar: press Save to keep it.</source>
        <translation>Neuer Avatar: Drücke „Speichern“, um ihn zu behalten.</translation>
    </message>
    <message>
        <source>New character</source>
        <translation>Neuer Charakter</translation>
    </message>
    <message>
        <source>Added “{name}”: give it a name and a description, then Save.</source>
        <translation>„{name}“ hinzugefügt: Gib ihm einen Namen und eine Beschreibung, dann speichern.</translation>
    </message>
    <message>
        <source>Made “{name}”, a copy you can edit.</source>
        <translation>„{name}“ angelegt, eine Kopie, die du bearbeiten kannst.</translation>
    </message>
    <message>
        <source>Delete character</source>
        <translation>Charakter löschen</translation>
    </message>
    <message>
        <source>Delete “{name}”?</source>
        <translation>„{name}“ löschen?</translation>
    </message>
    <message>
        <source>Its card and avatar files are removed. This cannot be undone (export it first to keep a copy).</source>
        <translation>Die Dateien seiner Karte und seines Avatars werden entfernt. Das lässt sich nicht rückgängig machen (exportiere ihn vorher, um eine Kopie zu behalten).</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>„{name}“ gelöscht.</translation>
    </message>
    <message>
        <source>Import character cards</source>
        <translation>Charakterkarten importieren</translation>
    </message>
    <message>
        <source>Imported {names}.</source>
        <translation>Importiert: {names}.</translation>
    </message>
    <message>
        <source>PNG card (*.png)</source>
        <translation>PNG-Karte (*.png)</translation>
    </message>
    <message>
        <source>JSON card (*.json)</source>
        <translation>JSON-Karte (*.json)</translation>
    </message>
    <message>
        <source>Export character</source>
        <translation>Charakter exportieren</translation>
    </message>
    <message>
        <source>Exported “{name}” to {path}.</source>
        <translation>„{name}“ nach {path} exportiert.</translation>
    </message>
    <message>
        <source>Fix the marked fields first.</source>
        <translation>Korrigiere zuerst die markierten Felder.</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Your OpenAI key (sk-…)</source>
        <extracomment>(name, base URL or None for &quot;type your own&quot;, what the key field should say); the words are translated where shown, the providers&apos; names are names.</extracomment>
        <translation>Dein OpenAI-Schlüssel (sk-…)</translation>
    </message>
    <message>
        <source>Your OpenRouter key (sk-or-…)</source>
        <translation>Dein OpenRouter-Schlüssel (sk-or-…)</translation>
    </message>
    <message>
        <source>Leave empty: Ollama needs no key</source>
        <translation>Leer lassen: Ollama braucht keinen Schlüssel</translation>
    </message>
    <message>
        <source>Leave empty: LM Studio needs no key</source>
        <translation>Leer lassen: LM Studio braucht keinen Schlüssel</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Eigener</translation>
    </message>
    <message>
        <source>The server&apos;s key, if it needs one</source>
        <translation>Der Schlüssel des Servers, falls er einen braucht</translation>
    </message>
    <message>
        <source>Discord bot token</source>
        <extracomment>How the banner names each field (as its label does).</extracomment>
        <translation>Discord-Bot-Token</translation>
    </message>
    <message>
        <source>Discord API base</source>
        <translation>Discord-API-Basis</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Paste the bot token from the Developer Portal (your app → Bot)</source>
        <extracomment>(token, API base) the last token test found working, and when: what its sentence is about.</extracomment>
        <translation>Füge das Bot-Token aus dem Developer Portal ein (deine App → Bot)</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Zeigen</translation>
    </message>
    <message>
        <source>Show the bot token</source>
        <translation>Das Bot-Token zeigen</translation>
    </message>
    <message>
        <source>&amp;Test token</source>
        <translation>Token &amp;testen</translation>
    </message>
    <message>
        <source>Logging in to Discord…</source>
        <translation>Anmeldung bei Discord…</translation>
    </message>
    <message>
        <source>Bot avatar</source>
        <translation>Avatar des Bots</translation>
    </message>
    <message>
        <source>Test the token to get the invite link</source>
        <translation>Teste das Token, um den Einladungslink zu bekommen</translation>
    </message>
    <message>
        <source>&amp;Copy link</source>
        <translation>Link &amp;kopieren</translation>
    </message>
    <message>
        <source>Open in &amp;browser</source>
        <translation>Im &amp;Browser öffnen</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>Z&amp;eigen</translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation>Den API-Schlüssel zeigen</translation>
    </message>
    <message>
        <source>&amp;Get model list</source>
        <translation>Modell&amp;liste holen</translation>
    </message>
    <message>
        <source>Asking the server for its models…</source>
        <translation>Frage den Server nach seinen Modellen…</translation>
    </message>
    <message>
        <source>Test &amp;model</source>
        <translation>&amp;Modell testen</translation>
    </message>
    <message>
        <source>Sending one short request…</source>
        <translation>Sende eine kurze Anfrage…</translation>
    </message>
    <message>
        <source> s</source>
        <comment>unit after a number of seconds</comment>
        <translation> s</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <source>Discord &amp;bot token</source>
        <translation>Discord-&amp;Bot-Token</translation>
    </message>
    <message>
        <source>&amp;Invite link</source>
        <translation>&amp;Einladungslink</translation>
    </message>
    <message>
        <source>Open it to add the bot to one of your servers. It asks only for: View Channels, Send Messages, Send Messages in Threads, Read Message History, Use Application Commands (the slash commands), and Manage Webhooks (so characters speak under their own name and avatar).</source>
        <translation>Öffne ihn, um den Bot zu einem deiner Server hinzuzufügen. Er fragt nur nach: Kanäle ansehen, Nachrichten senden, Nachrichten in Threads senden, Nachrichtenverlauf anzeigen, Anwendungsbefehle verwenden (die Slash-Befehle) und Webhooks verwalten (damit Charaktere unter eigenem Namen und Avatar sprechen).</translation>
    </message>
    <message>
        <source>Model server</source>
        <translation>Modellserver</translation>
    </message>
    <message>
        <source>&amp;Provider</source>
        <translation>&amp;Anbieter</translation>
    </message>
    <message>
        <source>Fills in the base URL; pick Custom for any other server.</source>
        <translation>Füllt die Basis-URL aus; wähle „Eigener“ für jeden anderen Server.</translation>
    </message>
    <message>
        <source>Base &amp;URL</source>
        <translation>Basis-&amp;URL</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>API-&amp;Schlüssel</translation>
    </message>
    <message>
        <source>Mo&amp;del</source>
        <translation>Mo&amp;dell</translation>
    </message>
    <message>
        <source>Discord &amp;API base</source>
        <translation>Discord-&amp;API-Basis</translation>
    </message>
    <message>
        <source>Only for Discord-compatible servers; changing it reconnects the bot.</source>
        <translation>Nur für Discord-kompatible Server; eine Änderung verbindet den Bot neu.</translation>
    </message>
    <message>
        <source>Model request &amp;timeout</source>
        <translation>&amp;Zeitlimit für Modellanfragen</translation>
    </message>
    <message>
        <source>Images: the model {model} answered that it cannot take images, so pictures reach it as short text notes until the model changes.</source>
        <translation>Bilder: Das Modell {model} hat geantwortet, dass es keine Bilder verarbeiten kann; deshalb erreichen Bilder es als kurze Textnotizen, bis das Modell wechselt.</translation>
    </message>
    <message>
        <source>Set by the environment variable {variable}</source>
        <translation>Durch die Umgebungsvariable {variable} festgelegt</translation>
    </message>
    <message>
        <source>The model is set by {variable}</source>
        <translation>Das Modell legt {variable} fest</translation>
    </message>
    <message>
        <source>The base URL is set by {variable}</source>
        <translation>Die Basis-URL legt {variable} fest</translation>
    </message>
    <message>
        <source>Set by environment variables, which win over anything saved here, so they cannot be changed in this window: {fields}. To change one, change or remove the variable where Familiar is started, then start it again.</source>
        <translation>Durch Umgebungsvariablen festgelegt, die Vorrang vor allem hier Gespeicherten haben und sich daher in diesem Fenster nicht ändern lassen: {fields}. Um eins zu ändern, ändere oder entferne die Variable dort, wo Familiar gestartet wird, und starte es neu.</translation>
    </message>
    <message>
        <source>Fix the Discord API base under Advanced first.</source>
        <translation>Korrigiere zuerst die Discord-API-Basis unter „Erweitert“.</translation>
    </message>
    <message numerus="yes">
        <source>{name} · in %n server(s)</source>
        <translation>
            <numerusform>{name} · auf %n Server</numerusform>
            <numerusform>{name} · auf %n Servern</numerusform>
        </translation>
    </message>
    <message>
        <source>The token works: this is {name}.</source>
        <translation>Das Token funktioniert: Das ist {name}.</translation>
    </message>
    <message>
        <source>Use the invite link to add it to a server.</source>
        <translation>Nutze den Einladungslink, um ihn zu einem Server hinzuzufügen.</translation>
    </message>
    <message>
        <source>Save if you changed the token, or press Reconnect now to try again.</source>
        <translation>Speichere, wenn du das Token geändert hast, oder drücke „Jetzt neu verbinden“, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>Invite link copied.</source>
        <translation>Einladungslink kopiert.</translation>
    </message>
    <message>
        <source>Fix the base URL first.</source>
        <translation>Korrigiere zuerst die Basis-URL.</translation>
    </message>
    <message numerus="yes">
        <source>The server lists %n model(s); the model is set by {variable}.</source>
        <translation>
            <numerusform>Der Server bietet %n Modell an; das Modell legt {variable} fest.</numerusform>
            <numerusform>Der Server bietet %n Modelle an; das Modell legt {variable} fest.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server lists no models; type the model name.</source>
        <translation>Der Server bietet keine Modelle an; gib den Modellnamen ein.</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) available: pick one from the list or type a name.</source>
        <translation>
            <numerusform>%n Modell verfügbar: Wähle es aus der Liste oder gib einen Namen ein.</numerusform>
            <numerusform>%n Modelle verfügbar: Wähle eins aus der Liste oder gib einen Namen ein.</numerusform>
        </translation>
    </message>
    <message>
        <source>The model answered in {seconds} s: “{reply}”</source>
        <translation>Das Modell hat in {seconds} s geantwortet: „{reply}“</translation>
    </message>
    <message>
        <source>(an empty reply)</source>
        <translation>(eine leere Antwort)</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <source>item {index}: {reason}</source>
        <translation>Eintrag {index}: {reason}</translation>
    </message>
    <message>
        <source>not valid JSON: {problem} at line {line}, column {column}</source>
        <translation>kein gültiges JSON: {problem} in Zeile {line}, Spalte {column}</translation>
    </message>
    <message>
        <source>{name} (missing)</source>
        <translation>{name} (fehlt)</translation>
    </message>
</context>
<context>
    <name>IdListEditor</name>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>{id} (not seen by the bot right now)</source>
        <translation>{id} (für den Bot gerade nicht sichtbar)</translation>
    </message>
</context>
<context>
    <name>IdPicker</name>
    <message>
        <source>Pick a channel or type its ID</source>
        <extracomment>Discord IDs (snowflakes) are up to 20 digits.</extracomment>
        <translation>Wähle einen Kanal oder gib seine ID ein</translation>
    </message>
    <message>
        <source>Channel to add</source>
        <translation>Hinzuzufügender Kanal</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Add the channel</source>
        <translation>Den Kanal hinzufügen</translation>
    </message>
    <message>
        <source>Remove the selected channel</source>
        <translation>Den ausgewählten Kanal entfernen</translation>
    </message>
    <message>
        <source>Pick a channel from the list or type its numeric ID.</source>
        <translation>Wähle einen Kanal aus der Liste oder gib seine numerische ID ein.</translation>
    </message>
    <message>
        <source>Pick a server or type its ID</source>
        <translation>Wähle einen Server oder gib seine ID ein</translation>
    </message>
    <message>
        <source>Server to add</source>
        <translation>Hinzuzufügender Server</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Add the server</source>
        <translation>Den Server hinzufügen</translation>
    </message>
    <message>
        <source>Remove the selected server</source>
        <translation>Den ausgewählten Server entfernen</translation>
    </message>
    <message>
        <source>Pick a server from the list or type its numeric ID.</source>
        <translation>Wähle einen Server aus der Liste oder gib seine numerische ID ein.</translation>
    </message>
    <message>
        <source>Type the person&apos;s ID</source>
        <translation>Gib die ID der Person ein</translation>
    </message>
    <message>
        <source>Person to add</source>
        <translation>Hinzuzufügende Person</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Add the person</source>
        <translation>Die Person hinzufügen</translation>
    </message>
    <message>
        <source>Remove the selected person</source>
        <translation>Die ausgewählte Person entfernen</translation>
    </message>
    <message>
        <source>Type the person&apos;s numeric ID.</source>
        <translation>Gib die numerische ID der Person ein.</translation>
    </message>
    <message>
        <source>{list}: person ID to add</source>
        <translation>{list}: ID der hinzuzufügenden Person</translation>
    </message>
    <message>
        <source>Type the role&apos;s ID</source>
        <translation>Gib die ID der Rolle ein</translation>
    </message>
    <message>
        <source>Role to add</source>
        <translation>Hinzuzufügende Rolle</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>Add the role</source>
        <translation>Die Rolle hinzufügen</translation>
    </message>
    <message>
        <source>Remove the selected role</source>
        <translation>Die ausgewählte Rolle entfernen</translation>
    </message>
    <message>
        <source>Type the role&apos;s numeric ID.</source>
        <translation>Gib die numerische ID der Rolle ein.</translation>
    </message>
    <message>
        <source>{list}: role ID to add</source>
        <translation>{list}: ID der hinzuzufügenden Rolle</translation>
    </message>
    <message>
        <source>#{channel} in {server} ({id})</source>
        <comment>keep ({id}) at the end: the ID is read back from there</comment>
        <translation>#{channel} auf {server} ({id})</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <source>Everything (debug)</source>
        <extracomment>How often new lines are drained from the buffer into the view. Lines taken from the buffer at a time, and how long one pass may add batches before the loop (the bot&apos;s too) runs again: 10,000 waiting lines fill the view over several passes.</extracomment>
        <translation>Alles (Debug)</translation>
    </message>
    <message>
        <source>Information and above</source>
        <translation>Informationen und höher</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>Show only lines containing…</source>
        <translation>Nur Zeilen zeigen, die … enthalten</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>&amp;Copy shown lines</source>
        <translation>Angezeigte Zeilen &amp;kopieren</translation>
    </message>
    <message>
        <source>&amp;Open log folder</source>
        <translation>Protokollordner &amp;öffnen</translation>
    </message>
    <message>
        <source>&amp;Follow new lines</source>
        <translation>Neuen Zeilen &amp;folgen</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>Protokollordner</translation>
    </message>
    <message>
        <source>&amp;Level</source>
        <translation>&amp;Stufe</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>S&amp;uchen</translation>
    </message>
</context>
<context>
    <name>LorebooksPage</name>
    <message>
        <source>Lorebooks: World Info JSON (*.json)</source>
        <translation>Lorebooks: World-Info-JSON (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>World Info for SillyTavern (*.json)</source>
        <translation>World Info für SillyTavern (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <extracomment>Where a lorebook is used (the radio buttons&apos; ids).</extracomment>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>Lorebooks</source>
        <translation>Lorebooks</translation>
    </message>
    <message>
        <source>No lorebooks yet. Import World Info files exported from SillyTavern (.json), or drop them on this window.</source>
        <translation>Noch keine Lorebooks. Importiere aus SillyTavern exportierte World-Info-Dateien (.json) oder ziehe sie auf dieses Fenster.</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>Import SillyTavern World Info files (or a card&apos;s lorebook saved as JSON); you can also drop them on this window.</source>
        <translation>World-Info-Dateien von SillyTavern importieren (oder das als JSON gespeicherte Lorebook einer Karte); du kannst sie auch auf dieses Fenster ziehen.</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Save the selected lorebook as a World Info file SillyTavern can import.</source>
        <translation>Das ausgewählte Lorebook als World-Info-Datei speichern, die SillyTavern importieren kann.</translation>
    </message>
    <message>
        <source>Dele&amp;te…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Used when</source>
        <translation>Verwendet, wenn</translation>
    </message>
    <message>
        <source>Entries of the lorebook</source>
        <translation>Einträge des Lorebooks</translation>
    </message>
    <message>
        <source>&amp;Not used</source>
        <translation>&amp;Nicht verwendet</translation>
    </message>
    <message>
        <source>For &amp;every character</source>
        <translation>Für &amp;jeden Charakter</translation>
    </message>
    <message>
        <source>Only for the c&amp;haracters ticked below</source>
        <translation>Nur für die unten angehakten C&amp;haraktere</translation>
    </message>
    <message>
        <source>Characters that use this lorebook</source>
        <translation>Charaktere, die dieses Lorebook verwenden</translation>
    </message>
    <message>
        <source>Where it is used</source>
        <translation>Wo es verwendet wird</translation>
    </message>
    <message>
        <source>A character&apos;s own lorebook (in its card) is always used for it; the ones chosen here come after it. Changes here are kept when you press Save.</source>
        <translation>Das eigene Lorebook eines Charakters (in seiner Karte) wird für ihn immer verwendet; die hier gewählten kommen danach. Änderungen hier werden mit „Speichern“ übernommen.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n Problem</numerusform>
            <numerusform>%n Probleme</numerusform>
        </translation>
    </message>
    <message>
        <source>every character</source>
        <translation>jeder Charakter</translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation>
            <numerusform>%n Charakter</numerusform>
            <numerusform>%n Charaktere</numerusform>
        </translation>
    </message>
    <message>
        <source>not used</source>
        <translation>nicht verwendet</translation>
    </message>
    <message>
        <source>Its entries, and where it is used, show here.</source>
        <translation>Hier erscheinen seine Einträge und wo es verwendet wird.</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s), kept as {file} in Familiar&apos;s lorebook folder.</source>
        <translation>
            <numerusform>%n Eintrag, gespeichert als {file} im Lorebook-Ordner von Familiar.</numerusform>
            <numerusform>%n Einträge, gespeichert als {file} im Lorebook-Ordner von Familiar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>…and %n more (see the log).</source>
        <translation>
            <numerusform>…und %n weiteres (siehe Protokoll).</numerusform>
            <numerusform>…und %n weitere (siehe Protokoll).</numerusform>
        </translation>
    </message>
    <message>
        <source>When it was read:</source>
        <translation>Beim Einlesen:</translation>
    </message>
    <message>
        <source>(with: {keys})</source>
        <translation>(mit: {keys})</translation>
    </message>
    <message>
        <source>never (switched off)</source>
        <translation>nie (ausgeschaltet)</translation>
    </message>
    <message>
        <source>always</source>
        <translation>immer</translation>
    </message>
    <message>
        <source>a key is mentioned</source>
        <translation>ein Schlüssel erwähnt wird</translation>
    </message>
    <message>
        <source>{id} (not a saved character)</source>
        <translation>{id} (kein gespeicherter Charakter)</translation>
    </message>
    <message>
        <source>Import lorebooks</source>
        <translation>Lorebooks importieren</translation>
    </message>
    <message>
        <source>Imported {names}.</source>
        <translation>Importiert: {names}.</translation>
    </message>
    <message>
        <source>Choose below where it is used, then Save.</source>
        <translation>Wähle unten, wo es verwendet wird, dann speichern.</translation>
    </message>
    <message>
        <source>Choose where each is used, then Save.</source>
        <translation>Wähle, wo jedes verwendet wird, dann speichern.</translation>
    </message>
    <message>
        <source>Export lorebook</source>
        <translation>Lorebook exportieren</translation>
    </message>
    <message>
        <source>Exported “{name}” to {path}; SillyTavern can import it as World Info.</source>
        <translation>„{name}“ nach {path} exportiert; SillyTavern kann es als World Info importieren.</translation>
    </message>
    <message>
        <source>Delete lorebook</source>
        <translation>Lorebook löschen</translation>
    </message>
    <message>
        <source>Delete “{name}”?</source>
        <translation>„{name}“ löschen?</translation>
    </message>
    <message>
        <source>Its file is removed. This cannot be undone (export it first to keep a copy).</source>
        <translation>Seine Datei wird entfernt. Das lässt sich nicht rückgängig machen (exportiere es vorher, um eine Kopie zu behalten).</translation>
    </message>
    <message>
        <source>Deleted “{name}”. Press Save to stop using it for the characters it was attached to.</source>
        <translation>„{name}“ gelöscht. Drücke „Speichern“, damit es für die Charaktere, denen es zugeordnet war, nicht mehr verwendet wird.</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>„{name}“ gelöscht.</translation>
    </message>
</context>
<context>
    <name>NetworkAction</name>
    <message>
        <source>Cancel</source>
        <extracomment>Errors whose `str()` is already a sentence for the user. Where focus goes back to when the action ends, if it was on Cancel (default: the button).</extracomment>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel: {action}</source>
        <translation>Abbrechen: {action}</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Unexpected problem ({error}); details are in the log.</source>
        <translation>Unerwartetes Problem ({error}); Details stehen im Protokoll.</translation>
    </message>
</context>
<context>
    <name>Notify</name>
    <message>
        <source>Familiar is back online</source>
        <translation>Familiar ist wieder online</translation>
    </message>
    <message>
        <source>A fatal error.</source>
        <translation>Ein schwerer Fehler.</translation>
    </message>
    <message>
        <source>Familiar stopped connecting</source>
        <translation>Familiar hat aufgehört, sich zu verbinden</translation>
    </message>
    <message numerus="yes">
        <source>Still trying to reach Discord after %n s</source>
        <translation>
            <numerusform>Versucht nach %n s immer noch, Discord zu erreichen</numerusform>
            <numerusform>Versucht nach %n s immer noch, Discord zu erreichen</numerusform>
        </translation>
    </message>
    <message>
        <source>Familiar is offline</source>
        <translation>Familiar ist offline</translation>
    </message>
    <message>
        <source>Connected as {user}.</source>
        <translation>Verbunden als {user}.</translation>
    </message>
    <message>
        <source>Connected to Discord.</source>
        <translation>Mit Discord verbunden.</translation>
    </message>
</context>
<context>
    <name>OpenFolder</name>
    <message>
        <source>Could not create the folder {folder}: {error}.</source>
        <translation>Der Ordner {folder} konnte nicht angelegt werden: {error}.</translation>
    </message>
    <message>
        <source>No file manager is set up to open folders on this computer. The folder is: {folder}</source>
        <translation>Auf diesem Computer ist kein Dateimanager zum Öffnen von Ordnern eingerichtet. Der Ordner ist: {folder}</translation>
    </message>
</context>
<context>
    <name>PresetsPage</name>
    <message>
        <source>&amp;Temperature</source>
        <extracomment>Slider resolution for fractional fields (temperature 0.00-2.00 in steps of 0.01).</extracomment>
        <translation>&amp;Temperatur</translation>
    </message>
    <message>
        <source>Higher is more varied and surprising; lower is steadier.</source>
        <translation>Höher ist abwechslungsreicher und überraschender; niedriger ist beständiger.</translation>
    </message>
    <message>
        <source>Top &amp;p</source>
        <translation>Top &amp;p</translation>
    </message>
    <message>
        <source>Only the most likely words whose chances add up to this are considered.</source>
        <translation>Nur die wahrscheinlichsten Wörter, deren Wahrscheinlichkeiten zusammen diesen Wert ergeben, werden berücksichtigt.</translation>
    </message>
    <message>
        <source>Longest &amp;reply</source>
        <translation>Längste &amp;Antwort</translation>
    </message>
    <message>
        <source>In tokens (about ¾ of a word each).</source>
        <translation>In Tokens (je etwa ¾ eines Wortes).</translation>
    </message>
    <message>
        <source>&amp;Frequency penalty</source>
        <translation>&amp;Frequenz-Strafe</translation>
    </message>
    <message>
        <source>Above 0 discourages repeating the same words.</source>
        <translation>Über 0 hält davon ab, dieselben Wörter zu wiederholen.</translation>
    </message>
    <message>
        <source>Pr&amp;esence penalty</source>
        <translation>Pr&amp;äsenz-Strafe</translation>
    </message>
    <message>
        <source>Above 0 encourages new topics.</source>
        <translation>Über 0 ermutigt zu neuen Themen.</translation>
    </message>
    <message>
        <source>Conte&amp;xt budget</source>
        <translation>Konte&amp;xt-Budget</translation>
    </message>
    <message>
        <source>How much conversation, in tokens, goes into each prompt.</source>
        <translation>Wie viel vom Gespräch, in Tokens, in jeden Prompt kommt.</translation>
    </message>
    <message>
        <source>Balanced</source>
        <extracomment>The built-in presets&apos; names (bot/presets.py), shown in the user&apos;s language.</extracomment>
        <translation>Ausgewogen</translation>
    </message>
    <message>
        <source>Creative</source>
        <translation>Kreativ</translation>
    </message>
    <message>
        <source>Precise</source>
        <translation>Präzise</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Presets</translation>
    </message>
    <message>
        <source>Ne&amp;w</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>My preset</source>
        <translation>Mein Preset</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplizieren</translation>
    </message>
    <message>
        <source>Dele&amp;te…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Built-in presets cannot be changed. Press Duplicate to make your own copy.</source>
        <translation>Eingebaute Presets lassen sich nicht ändern. Drücke „Duplizieren“, um eine eigene Kopie anzulegen.</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>{field} slider</source>
        <translation>Schieberegler für {field}</translation>
    </message>
    <message>
        <source>From {low} to {high}.</source>
        <translation>Von {low} bis {high}.</translation>
    </message>
    <message>
        <source>&amp;Stop sequences</source>
        <translation>&amp;Stoppsequenzen</translation>
    </message>
    <message>
        <source>One per line, at most four; the reply ends where one appears.</source>
        <translation>Eine pro Zeile, höchstens vier; die Antwort endet dort, wo eine auftaucht.</translation>
    </message>
    <message>
        <source>Preset &amp;in use</source>
        <translation>Preset &amp;in Verwendung</translation>
    </message>
    <message>
        <source>The bot and the chat preview use this one.</source>
        <translation>Der Bot und die Chat-Vorschau verwenden dieses.</translation>
    </message>
    <message>
        <source>Not saved: fix the marked fields of this preset.</source>
        <translation>Nicht gespeichert: Korrigiere die markierten Felder dieses Presets.</translation>
    </message>
    <message>
        <source>{name} (copy)</source>
        <translation>{name} (Kopie)</translation>
    </message>
    <message>
        <source>Made “{name}”: change it, then Save.</source>
        <translation>„{name}“ angelegt: Ändere es, dann speichern.</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>Preset löschen</translation>
    </message>
    <message>
        <source>Delete the preset “{name}”?</source>
        <translation>Das Preset „{name}“ löschen?</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>„{name}“ gelöscht.</translation>
    </message>
    <message>
        <source>{name} (built-in)</source>
        <translation>{name} (eingebaut)</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Tick characters to make a group chat: your message is answered by the characters it names, in the order named; naming no one, by the first (or whoever spoke last, as set on the Behaviour page).</source>
        <extracomment>(base URL, key, model, timeout) as typed on the Connection page. A character&apos;s avatar PNG by id (None: it has none), e.g. `CharacterStore.avatar_bytes`. The avatar beside each turn and in the cast list, in device-independent pixels. Image resources of the conversation: &quot;avatar:character/&lt;id&gt;&quot; and &quot;avatar:person/&lt;name&gt;&quot;.</extracomment>
        <translation>Hake Charaktere an, um einen Gruppenchat zu machen: Deine Nachricht beantworten die Charaktere, die sie nennt, in dieser Reihenfolge; nennt sie niemanden, der erste (oder wer zuletzt sprach, wie auf der Seite „Verhalten“ eingestellt).</translation>
    </message>
    <message>
        <source>After a reply, this lists the lorebook entries it used, and the ones that matched but were left out.</source>
        <extracomment>Discord&apos;s tag beside the name of a bot&apos;s or a webhook&apos;s message (a character speaking).</extracomment>
        <translation>Nach einer Antwort stehen hier die Lorebook-Einträge, die sie verwendet hat, und die, die passten, aber weggelassen wurden.</translation>
    </message>
    <message>
        <source>before the character&apos;s description</source>
        <extracomment>The text column of a turn starts after the avatar; notes above a turn line up with it.</extracomment>
        <translation>vor der Beschreibung des Charakters</translation>
    </message>
    <message>
        <source>after the character&apos;s description</source>
        <translation>nach der Beschreibung des Charakters</translation>
    </message>
    <message>
        <source>before the example dialogues</source>
        <translation>vor den Beispieldialogen</translation>
    </message>
    <message>
        <source>after the example dialogues</source>
        <translation>nach den Beispieldialogen</translation>
    </message>
    <message>
        <source>after the last message</source>
        <translation>nach der letzten Nachricht</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) from the end</source>
        <translation>
            <numerusform>%n Nachricht vor dem Ende</numerusform>
            <numerusform>%n Nachrichten vor dem Ende</numerusform>
        </translation>
    </message>
    <message>
        <source>in the chat, {spot}, as a system message</source>
        <translation>im Chat, {spot}, als Systemnachricht</translation>
    </message>
    <message>
        <source>in the chat, {spot}, as a user message</source>
        <translation>im Chat, {spot}, als Nachricht des Nutzers</translation>
    </message>
    <message>
        <source>in the chat, {spot}, as an assistant message</source>
        <translation>im Chat, {spot}, als Nachricht des Assistenten</translation>
    </message>
    <message>
        <source>in the chat, {spot}, as a {role} message</source>
        <translation>im Chat, {spot}, als Nachricht der Rolle {role}</translation>
    </message>
    <message>
        <source>in an outlet (only where a card writes {{outlet::…}})</source>
        <translation>in einem Outlet (nur wo eine Karte {{outlet::…}} schreibt)</translation>
    </message>
    <message>
        <source>always on</source>
        <translation>immer an</translation>
    </message>
    <message>
        <source>switched on by @@activate</source>
        <translation>durch @@activate eingeschaltet</translation>
    </message>
    <message>
        <source>a key</source>
        <translation>ein Schlüssel</translation>
    </message>
    <message>
        <source>matched {keys}</source>
        <translation>passte auf {keys}</translation>
    </message>
    <message numerus="yes">
        <source>{reason} and the secondary key(s) {keys}</source>
        <translation>
            <numerusform>{reason} und den Zweitschlüssel {keys}</numerusform>
            <numerusform>{reason} und die Zweitschlüssel {keys}</numerusform>
        </translation>
    </message>
    <message>
        <source>{reason} in the text of another entry</source>
        <translation>{reason} im Text eines anderen Eintrags</translation>
    </message>
    <message>
        <source>No lorebook entry matched the last reply.</source>
        <translation>Kein Lorebook-Eintrag passte zur letzten Antwort.</translation>
    </message>
    <message>
        <source>(about {used} of {budget} tokens)</source>
        <translation>(etwa {used} von {budget} Tokens)</translation>
    </message>
    <message>
        <source>Used for the last reply: {count}</source>
        <translation>Für die letzte Antwort verwendet: {count}</translation>
    </message>
    <message>
        <source>goes {where}.</source>
        <translation>kommt {where}.</translation>
    </message>
    <message>
        <source>Matched but left out: {count}</source>
        <translation>Passend, aber weggelassen: {count}</translation>
    </message>
    <message>
        <source>left out: {reason}.</source>
        <translation>weggelassen: {reason}.</translation>
    </message>
    <message>
        <source>Others in the cast</source>
        <extracomment>What the greeting shown was chosen from: (character id, mode, user, the card&apos;s greetings). The saved default character and preset in use, and whether the user picked others here. Character id -&gt; (its avatar PNG, decoded as a disc); placeholders by name.</extracomment>
        <translation>Weitere in der Besetzung</translation>
    </message>
    <message>
        <source>Tick the characters who join the first one in the conversation</source>
        <translation>Hake die Charaktere an, die sich dem ersten im Gespräch anschließen</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Gespräch</translation>
    </message>
    <message>
        <source>Say something to try the character. Nothing here goes to Discord.</source>
        <translation>Sag etwas, um den Charakter auszuprobieren. Nichts hiervon geht an Discord.</translation>
    </message>
    <message>
        <source>Lorebook entries of the last reply</source>
        <translation>Lorebook-Einträge der letzten Antwort</translation>
    </message>
    <message>
        <source>Your message (Ctrl+Enter sends)</source>
        <translation>Deine Nachricht (Strg+Eingabe sendet)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>The character is typing…</source>
        <translation>Der Charakter schreibt…</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>&amp;Neu erzeugen</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>&amp;Character</source>
        <translation>&amp;Charakter</translation>
    </message>
    <message>
        <source>&amp;Others in the cast</source>
        <translation>&amp;Weitere in der Besetzung</translation>
    </message>
    <message>
        <source>&amp;Preset</source>
        <translation>&amp;Preset</translation>
    </message>
    <message>
        <source>Your &amp;name</source>
        <translation>Dein &amp;Name</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;Nachricht</translation>
    </message>
    <message>
        <source>&amp;Lorebook entries</source>
        <translation>&amp;Lorebook-Einträge</translation>
    </message>
    <message>
        <source>Model: {model} at {url}, as typed on the Connection page.</source>
        <translation>Modell: {model} bei {url}, wie auf der Seite „Verbindung“ eingegeben.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keins)</translation>
    </message>
    <message>
        <source>(no base URL)</source>
        <translation>(keine Basis-URL)</translation>
    </message>
    <message>
        <source>Pick a character and a preset first.</source>
        <translation>Wähle zuerst einen Charakter und ein Preset.</translation>
    </message>
    <message>
        <source>Fill in the model server and model on the Connection page first.</source>
        <translation>Trage zuerst Modellserver und Modell auf der Seite „Verbindung“ ein.</translation>
    </message>
    <message>
        <source>(the model stopped mid-reply)</source>
        <translation>(das Modell hat mitten in der Antwort aufgehört)</translation>
    </message>
    <message>
        <source>(stopped)</source>
        <translation>(gestoppt)</translation>
    </message>
    <message>
        <source>(thinking…)</source>
        <translation>(denkt nach…)</translation>
    </message>
    <message numerus="yes">
        <source>The model&apos;s reasoning (%n word(s); click to hide)</source>
        <extracomment>The tag&apos;s text, padded inside its coloured box (and taken off again in `_turn_text`).</extracomment>
        <translation>
            <numerusform>Überlegungen des Modells (%n Wort; zum Ausblenden klicken)</numerusform>
            <numerusform>Überlegungen des Modells (%n Wörter; zum Ausblenden klicken)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The model&apos;s reasoning (%n word(s); click to show)</source>
        <translation>
            <numerusform>Überlegungen des Modells (%n Wort; zum Anzeigen klicken)</numerusform>
            <numerusform>Überlegungen des Modells (%n Wörter; zum Anzeigen klicken)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Saving</name>
    <message>
        <source>the file {path}</source>
        <translation>der Datei {path}</translation>
    </message>
    <message>
        <source>the system keyring ({backend})</source>
        <translation>dem Schlüsselbund des Systems ({backend})</translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <source>About</source>
        <translation>Über</translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation>Verhalten</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Charaktere</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Protokolle</translation>
    </message>
    <message>
        <source>Lorebooks</source>
        <translation>Lorebooks</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Presets</translation>
    </message>
    <message>
        <source>Chat preview</source>
        <translation>Chat-Vorschau</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Nutzung</translation>
    </message>
    <message>
        <source>Familiar settings</source>
        <translation>Familiar-Einstellungen</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <extracomment>Invalid fields get a red frame (the reason is written under them too, so colour is not the only cue). What saving can fail with; each `str()` is a sentence. After a save that reconnects: (the bot&apos;s state then, whether it has left it since).</extracomment>
        <translation>Einstellungsseiten</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <source>Reco&amp;nnect now</source>
        <translation>Jetzt &amp;neu verbinden</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save and apply ({keys})</source>
        <translation>Speichern und anwenden ({keys})</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <source>Forget unsaved changes and show what is saved</source>
        <translation>Ungespeicherte Änderungen verwerfen und das Gespeicherte zeigen</translation>
    </message>
    <message>
        <source>&amp;Quit Familiar</source>
        <translation>Familiar &amp;beenden</translation>
    </message>
    <message>
        <source>Not set up yet: paste the bot token on the Connection page, then Save</source>
        <translation>Noch nicht eingerichtet: Füge das Bot-Token auf der Seite „Verbindung“ ein, dann speichern</translation>
    </message>
    <message>
        <source>Discord rejected the token in {variable}: change the variable, then start Familiar again</source>
        <translation>Discord hat das Token in {variable} abgelehnt: Ändere die Variable und starte Familiar neu</translation>
    </message>
    <message>
        <source>Discord rejected the token: paste a new one on the Connection page, then Save</source>
        <translation>Discord hat das Token abgelehnt: Füge auf der Seite „Verbindung“ ein neues ein, dann speichern</translation>
    </message>
    <message>
        <source>Message Content intent is off: turn it on in the Developer Portal (your app → Bot), then press Reconnect now</source>
        <translation>Der Message Content Intent ist aus: Schalte ihn im Developer Portal ein (deine App → Bot), dann „Jetzt neu verbinden“ drücken</translation>
    </message>
    <message>
        <source>Settings problem: {reason}</source>
        <translation>Problem mit den Einstellungen: {reason}</translation>
    </message>
    <message>
        <source>Saved, and connected to Discord with the new settings.</source>
        <translation>Gespeichert und mit den neuen Einstellungen mit Discord verbunden.</translation>
    </message>
    <message>
        <source>{error} Saving here replaces that file.</source>
        <translation>{error} Speichern hier ersetzt diese Datei.</translation>
    </message>
    <message>
        <source>{name} (from FAMILIAR_CHARACTER)</source>
        <translation>{name} (aus FAMILIAR_CHARACTER)</translation>
    </message>
    <message>
        <source>Not saved: {problems}</source>
        <translation>Nicht gespeichert: {problems}</translation>
    </message>
    <message>
        <source>Not saved: fix the marked fields.</source>
        <translation>Nicht gespeichert: Korrigiere die markierten Felder.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Speichere…</translation>
    </message>
    <message>
        <source>Saved. Reconnecting to Discord with the new connection settings…</source>
        <translation>Gespeichert. Verbinde mit den neuen Verbindungseinstellungen neu mit Discord…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Save your changes before closing?</source>
        <translation>Änderungen vor dem Schließen speichern?</translation>
    </message>
    <message>
        <source>Discard forgets them; Cancel keeps the window open.</source>
        <translation>„Verwerfen“ vergisst sie; „Abbrechen“ lässt das Fenster offen.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Discord rejected the token: open Settings</source>
        <extracomment>Short, tray-sized headlines for fatal errors; the full sentence (snapshot.last_error) goes in the tooltip&apos;s second line, the notification and the settings window.</extracomment>
        <translation>Discord hat das Token abgelehnt: Einstellungen öffnen</translation>
    </message>
    <message>
        <source>Message Content intent is off: see Settings</source>
        <translation>Message Content Intent ist aus: siehe Einstellungen</translation>
    </message>
    <message>
        <source>Settings problem: see Settings</source>
        <translation>Problem mit den Einstellungen: siehe Einstellungen</translation>
    </message>
    <message>
        <source>Resume</source>
        <extracomment>Every icon name `present()` can return (the icon files must exist for each).</extracomment>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n Server</numerusform>
            <numerusform>%n Server</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shard(s)</source>
        <translation>
            <numerusform>%n Shard</numerusform>
            <numerusform>%n Shards</numerusform>
        </translation>
    </message>
    <message>
        <source>Connected as {user}</source>
        <translation>Verbunden als {user}</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>{who} · daily token limit reached</source>
        <translation>{who} · Tageslimit an Tokens erreicht</translation>
    </message>
    <message>
        <source>Connecting to Discord… ({shards})</source>
        <translation>Verbinde mit Discord… ({shards})</translation>
    </message>
    <message>
        <source>Connecting to Discord…</source>
        <translation>Verbinde mit Discord…</translation>
    </message>
    <message>
        <source>Paused: the bot is offline until you resume</source>
        <translation>Pausiert: Der Bot ist offline, bis du fortsetzt</translation>
    </message>
    <message>
        <source>Not set up yet: open Settings to add a bot token</source>
        <translation>Noch nicht eingerichtet: Öffne die Einstellungen, um ein Bot-Token hinzuzufügen</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Error: {reason}</source>
        <translation>Fehler: {reason}</translation>
    </message>
    <message>
        <source>Shutting down…</source>
        <translation>Wird beendet…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message numerus="yes">
        <source>{connected}/%n shards connected</source>
        <translation>
            <numerusform>{connected}/%n Shard verbunden</numerusform>
            <numerusform>{connected}/%n Shards verbunden</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Neu verbinden</translation>
    </message>
    <message>
        <source>Reconnecting now</source>
        <translation>Verbinde jetzt neu</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Neuer Versuch in %n s</numerusform>
            <numerusform>Neuer Versuch in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>{status} (attempt {number})</source>
        <translation>{status} (Versuch {number})</translation>
    </message>
</context>
<context>
    <name>TextListEditor</name>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>Greetings</source>
        <translation>Begrüßungen</translation>
    </message>
    <message>
        <source>The text of this greeting</source>
        <translation>Der Text dieser Begrüßung</translation>
    </message>
    <message>
        <source>Text of the selected greeting</source>
        <translation>Text der ausgewählten Begrüßung</translation>
    </message>
    <message>
        <source>Add greeting</source>
        <translation>Begrüßung hinzufügen</translation>
    </message>
    <message>
        <source>Remove the selected greeting</source>
        <translation>Die ausgewählte Begrüßung entfernen</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Starting…</source>
        <extracomment>Names of the menu actions (QAction objectName), for `menu &lt;name&gt;` over the single-instance socket.</extracomment>
        <translation>Startet…</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>Jetzt neu verbinden</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Protokollordner öffnen</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Beim Anmelden starten</translation>
    </message>
    <message>
        <source>About Familiar</source>
        <translation>Über Familiar</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>No file manager is set up to open folders here. The logs are in:</source>
        <translation>Hier ist kein Dateimanager zum Öffnen von Ordnern eingerichtet. Die Protokolle liegen in:</translation>
    </message>
    <message>
        <source>Your AI character&apos;s Discord bot, in the system tray.</source>
        <translation>Der Discord-Bot deines KI-Charakters, im Infobereich der Taskleiste.</translation>
    </message>
    <message>
        <source>Logs:</source>
        <translation>Protokolle:</translation>
    </message>
</context>
<context>
    <name>UsagePage</name>
    <message>
        <source>No tokens counted yet.</source>
        <extracomment>How many days the chart and the &quot;Last 30 days&quot; columns cover.</extracomment>
        <translation>Noch keine Tokens gezählt.</translation>
    </message>
    <message>
        <source>Point at a bar, or select the chart and use the arrow keys, to read its day and tokens.</source>
        <translation>Zeige auf einen Balken oder wähle das Diagramm und nutze die Pfeiltasten, um Tag und Tokens zu lesen.</translation>
    </message>
    <message numerus="yes">
        <source>{count} token(s)</source>
        <translation>
            <numerusform>{count} Token</numerusform>
            <numerusform>{count} Tokens</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <extracomment>Which UTC day is &quot;today&quot; (tests pin it).</extracomment>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Count again from the history database</source>
        <translation>Aus der Verlaufsdatenbank neu zählen</translation>
    </message>
    <message numerus="yes">
        <source>Tokens a day, last %n days (UTC)</source>
        <translation>
            <numerusform>Tokens pro Tag, letzter Tag (UTC)</numerusform>
            <numerusform>Tokens pro Tag, letzte %n Tage (UTC)</numerusform>
        </translation>
    </message>
    <message>
        <source>Tokens by server</source>
        <translation>Tokens pro Server</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Tokens by person (the most first)</source>
        <translation>Tokens pro Person (die meisten zuerst)</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message numerus="yes">
        <source>Last %n days (UTC)</source>
        <translation>
            <numerusform>Letzter Tag (UTC)</numerusform>
            <numerusform>Letzte %n Tage (UTC)</numerusform>
        </translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Tokens are what the model read and wrote for the bot&apos;s replies, counted per UTC day. Daily limits and the price per 1M tokens are set on the Behaviour page.</source>
        <translation>Tokens sind, was das Modell für die Antworten des Bots gelesen und geschrieben hat, gezählt pro UTC-Tag. Tageslimits und der Preis pro 1 Mio. Tokens werden auf der Seite „Verhalten“ festgelegt.</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Zähle…</translation>
    </message>
    <message>
        <source>As of {time} UTC.</source>
        <translation>Stand {time} UTC.</translation>
    </message>
    <message>
        <source>Today (UTC)</source>
        <translation>Heute (UTC)</translation>
    </message>
    <message>
        <source>Today (UTC): {tokens}</source>
        <translation>Heute (UTC): {tokens}</translation>
    </message>
    <message>
        <source>{tokens} in all.</source>
        <translation>Insgesamt {tokens}.</translation>
    </message>
    <message numerus="yes">
        <source>Cost: {today} today, {period} over %n days (at {price} per 1M tokens).</source>
        <translation>
            <numerusform>Kosten: {today} heute, {period} in %n Tag (bei {price} pro 1 Mio. Tokens).</numerusform>
            <numerusform>Kosten: {today} heute, {period} in %n Tagen (bei {price} pro 1 Mio. Tokens).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{tokens} in %n days; the most on {day}.</source>
        <translation>
            <numerusform>{tokens} in %n Tag; die meisten am {day}.</numerusform>
            <numerusform>{tokens} in %n Tagen; die meisten am {day}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Direct messages</source>
        <translation>Direktnachrichten</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message numerus="yes">
        <source>Last %n days</source>
        <translation>
            <numerusform>Letzter Tag</numerusform>
            <numerusform>Letzte %n Tage</numerusform>
        </translation>
    </message>
</context>
</TS>
