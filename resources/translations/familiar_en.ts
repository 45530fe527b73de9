<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>BehaviourPage</name>
    <message numerus="yes">
        <source>The lists offer the %n server(s) the bot is in now; you can also type an ID (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID).</source>
        <translation>
            <numerusform>The lists offer the %n server the bot is in now; you can also type an ID (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID).</numerusform>
            <numerusform>The lists offer the %n servers the bot is in now; you can also type an ID (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CharactersPage</name>
    <message numerus="yes">
        <source>This card&apos;s own lorebook has %n entry(s); it is used whenever this character answers.</source>
        <translation>
            <numerusform>This card&apos;s own lorebook has %n entry; it is used whenever this character answers.</numerusform>
            <numerusform>This card&apos;s own lorebook has %n entries; it is used whenever this character answers.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message numerus="yes">
        <source>{name} · in %n server(s)</source>
        <translation>
            <numerusform>{name} · in %n server</numerusform>
            <numerusform>{name} · in %n servers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The server lists %n model(s); the model is set by {variable}.</source>
        <translation>
            <numerusform>The server lists %n model; the model is set by {variable}.</numerusform>
            <numerusform>The server lists %n models; the model is set by {variable}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) available: pick one from the list or type a name.</source>
        <translation>
            <numerusform>%n model available: pick one from the list or type a name.</numerusform>
            <numerusform>%n models available: pick one from the list or type a name.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LorebooksPage</name>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <extracomment>Where a lorebook is used (the radio buttons&apos; ids).</extracomment>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n problem</numerusform>
            <numerusform>%n problems</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation>
            <numerusform>%n character</numerusform>
            <numerusform>%n characters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s), kept as {file} in Familiar&apos;s lorebook folder.</source>
        <translation>
            <numerusform>%n entry, kept as {file} in Familiar&apos;s lorebook folder.</numerusform>
            <numerusform>%n entries, kept as {file} in Familiar&apos;s lorebook folder.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>…and %n more (see the log).</source>
        <translation>
            <numerusform>…and %n more (see the log).</numerusform>
            <numerusform>…and %n more (see the log).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notify</name>
    <message numerus="yes">
        <source>Still trying to reach Discord after %n s</source>
        <translation>
            <numerusform>Still trying to reach Discord after %n s</numerusform>
            <numerusform>Still trying to reach Discord after %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message numerus="yes">
        <source>%n message(s) from the end</source>
        <translation>
            <numerusform>%n message from the end</numerusform>
            <numerusform>%n messages from the end</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{reason} and the secondary key(s) {keys}</source>
        <translation>
            <numerusform>{reason} and the secondary key {keys}</numerusform>
            <numerusform>{reason} and the secondary keys {keys}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The model&apos;s reasoning (%n word(s); click to hide)</source>
        <extracomment>The tag&apos;s text, padded inside its coloured box (and taken off again in `_turn_text`).</extracomment>
        <translation>
            <numerusform>The model&apos;s reasoning (%n word; click to hide)</numerusform>
            <numerusform>The model&apos;s reasoning (%n words; click to hide)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The model&apos;s reasoning (%n word(s); click to show)</source>
        <translation>
            <numerusform>The model&apos;s reasoning (%n word; click to show)</numerusform>
            <numerusform>The model&apos;s reasoning (%n words; click to show)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n server</numerusform>
            <numerusform>%n servers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shard(s)</source>
        <translation>
            <numerusform>%n shard</numerusform>
            <numerusform>%n shards</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{connected}/%n shards connected</source>
        <translation>
            <numerusform>{connected}/%n shards connected</numerusform>
            <numerusform>{connected}/%n shards connected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Reconnecting in %n s</numerusform>
            <numerusform>Reconnecting in %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsagePage</name>
    <message numerus="yes">
        <source>{count} token(s)</source>
        <translation>
            <numerusform>{count} token</numerusform>
            <numerusform>{count} tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tokens a day, last %n days (UTC)</source>
        <translation>
            <numerusform>Tokens a day, last %n day (UTC)</numerusform>
            <numerusform>Tokens a day, last %n days (UTC)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n days (UTC)</source>
        <translation>
            <numerusform>Last %n day (UTC)</numerusform>
            <numerusform>Last %n days (UTC)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cost: {today} today, {period} over %n days (at {price} per 1M tokens).</source>
        <translation>
            <numerusform>Cost: {today} today, {period} over %n day (at {price} per 1M tokens).</numerusform>
            <numerusform>Cost: {today} today, {period} over %n days (at {price} per 1M tokens).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{tokens} in %n days; the most on {day}.</source>
        <translation>
            <numerusform>{tokens} in %n day; the most on {day}.</numerusform>
            <numerusform>{tokens} in %n days; the most on {day}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n days</source>
        <translation>
            <numerusform>Last %n day</numerusform>
            <numerusform>Last %n days</numerusform>
        </translation>
    </message>
</context>
</TS>
