<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>AboutPage</name>
    <message>
        <source>Discord Developer Portal (your bot, its token and intents)</source>
        <translation>Discord Developer Portal (ваш бот, его токен и интенты)</translation>
    </message>
    <message>
        <source>Character Card V2 spec</source>
        <translation>Спецификация Character Card V2</translation>
    </message>
    <message>
        <source>Character Card V3 spec</source>
        <translation>Спецификация Character Card V3</translation>
    </message>
    <message>
        <source>OpenRouter models</source>
        <translation>Модели OpenRouter</translation>
    </message>
    <message>
        <source>Your AI character&apos;s Discord bot, in the system tray.</source>
        <translation>Discord-бот вашего ИИ-персонажа — в системном трее.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Settings location</source>
        <translation>Расположение настроек</translation>
    </message>
    <message>
        <source>Open the settings folder</source>
        <translation>Открыть папку настроек</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Персонажи</translation>
    </message>
    <message>
        <source>Characters location</source>
        <translation>Расположение персонажей</translation>
    </message>
    <message>
        <source>Open the characters folder</source>
        <translation>Открыть папку персонажей</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Пресеты</translation>
    </message>
    <message>
        <source>Presets location</source>
        <translation>Расположение пресетов</translation>
    </message>
    <message>
        <source>Open the presets folder</source>
        <translation>Открыть папку пресетов</translation>
    </message>
    <message>
        <source>Conversation memory</source>
        <translation>Память разговоров</translation>
    </message>
    <message>
        <source>Conversation memory location</source>
        <translation>Расположение памяти разговоров</translation>
    </message>
    <message>
        <source>Open the conversation memory folder</source>
        <translation>Открыть папку памяти разговоров</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Журналы</translation>
    </message>
    <message>
        <source>Logs location</source>
        <translation>Расположение журналов</translation>
    </message>
    <message>
        <source>Open the logs folder</source>
        <translation>Открыть папку журналов</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Secrets: …</source>
        <translation>Секреты: …</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Folders in use</source>
        <translation>Используемые папки</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>Ссылки</translation>
    </message>
    <message>
        <source>System default ({language})</source>
        <translation>Как в системе ({language})</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>Could not keep the language: {error}</source>
        <translation>Не удалось сохранить язык: {error}</translation>
    </message>
    <message>
        <source>Familiar will use this language from its next start.</source>
        <translation>Familiar перейдёт на этот язык при следующем запуске.</translation>
    </message>
    <message>
        <source>Token and API key are kept in: {where}.</source>
        <translation>Токен и ключ API хранятся здесь: {where}.</translation>
    </message>
</context>
<context>
    <name>BehaviourPage</name>
    <message>
        <source>Everyone</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Only allowed people (and the bot&apos;s owner)</source>
        <translation>Только разрешённые люди (и владелец бота)</translation>
    </message>
    <message>
        <source>Nobody (but the owner)</source>
        <translation>Никто (кроме владельца)</translation>
    </message>
    <message>
        <source>When someone @&amp;mentions the bot</source>
        <translation>Когда кто-то @&amp;упоминает бота</translation>
    </message>
    <message>
        <source>When someone &amp;replies to one of its messages</source>
        <translation>Когда кто-то &amp;отвечает на его сообщение</translation>
    </message>
    <message>
        <source>In &amp;direct messages</source>
        <translation>В &amp;личных сообщениях</translation>
    </message>
    <message>
        <source>No channel: the bot only answers when a trigger above applies.</source>
        <translation>Нет каналов: бот отвечает, только когда срабатывает одно из условий выше.</translation>
    </message>
    <message>
        <source>Empty: every server the bot is in.</source>
        <translation>Пусто: все серверы, где есть бот.</translation>
    </message>
    <message>
        <source>Empty: every channel it can see.</source>
        <translation>Пусто: все каналы, которые он видит.</translation>
    </message>
    <message>
        <source>Empty: everyone who is not blocked.</source>
        <translation>Пусто: все, кто не заблокирован.</translation>
    </message>
    <message>
        <source>Allowed people</source>
        <translation>Разрешённые люди</translation>
    </message>
    <message>
        <source>No one is blocked.</source>
        <translation>Никто не заблокирован.</translation>
    </message>
    <message>
        <source>Blocked people</source>
        <translation>Заблокированные люди</translation>
    </message>
    <message>
        <source>Empty: any role.</source>
        <translation>Пусто: любая роль.</translation>
    </message>
    <message>
        <source>Allowed roles</source>
        <translation>Разрешённые роли</translation>
    </message>
    <message>
        <source>No role is blocked.</source>
        <translation>Ни одна роль не заблокирована.</translation>
    </message>
    <message>
        <source>Blocked roles</source>
        <translation>Заблокированные роли</translation>
    </message>
    <message>
        <source>None: only people with Manage Server (and the bot&apos;s owner).</source>
        <translation>Нет: только люди с правом «Управлять сервером» (и владелец бота).</translation>
    </message>
    <message>
        <source>Admin roles</source>
        <translation>Роли администраторов</translation>
    </message>
    <message>
        <source>Re-s&amp;ync commands</source>
        <translation>&amp;Синхронизировать команды</translation>
    </message>
    <message>
        <source>Not shown</source>
        <translation>Не показывать</translation>
    </message>
    <message>
        <source>Daily limits reached</source>
        <translation>Достигнутые дневные лимиты</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>No cooldown</source>
        <translation>Без паузы</translation>
    </message>
    <message>
        <source>First greeting</source>
        <translation>Первое приветствие</translation>
    </message>
    <message>
        <source>A random greeting</source>
        <translation>Случайное приветствие</translation>
    </message>
    <message>
        <source>No greeting</source>
        <translation>Без приветствия</translation>
    </message>
    <message>
        <source>Show the model&apos;s reasoning (as a s&amp;poiler)</source>
        <translation>Показывать рассуждения модели (под с&amp;пойлером)</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Авто</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Вкл.</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Выкл.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source> messages</source>
        <translation> сообщ.</translation>
    </message>
    <message>
        <source> % of the context</source>
        <translation> % контекста</translation>
    </message>
    <message>
        <source>Speak as the character (&amp;webhooks)</source>
        <translation>Говорить от имени персонажа (&amp;вебхуки)</translation>
    </message>
    <message>
        <source>S&amp;tream replies</source>
        <translation>Ответы в &amp;реальном времени</translation>
    </message>
    <message>
        <source>The channel&apos;s first character</source>
        <translation>Первый персонаж канала</translation>
    </message>
    <message>
        <source>The character who spoke last</source>
        <translation>Персонаж, говоривший последним</translation>
    </message>
    <message>
        <source>Let characters tal&amp;k to each other</source>
        <translation>Персонажи могут &amp;говорить друг с другом</translation>
    </message>
    <message>
        <source>Re-invite the bot with the link on the Connection page, or give its role Manage Webhooks.</source>
        <translation>Пригласите бота заново по ссылке со страницы «Подключение» или дайте его роли право «Управлять вебхуками».</translation>
    </message>
    <message>
        <source>&amp;Notify me when the bot goes offline, comes back, or needs me</source>
        <translation>&amp;Уведомлять, когда бот отключается, возвращается или нуждается во мне</translation>
    </message>
    <message>
        <source>Start Familiar when I &amp;log in</source>
        <translation>Запускать Familiar при &amp;входе в систему</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Отвечать</translation>
    </message>
    <message>
        <source>&amp;Always reply in</source>
        <translation>&amp;Всегда отвечать в</translation>
    </message>
    <message>
        <source>Channels where every message gets an answer, trigger or not.</source>
        <translation>Каналы, где бот отвечает на каждое сообщение, независимо от условий.</translation>
    </message>
    <message>
        <source>Only in &amp;servers</source>
        <translation>Только на &amp;серверах</translation>
    </message>
    <message>
        <source>Only in &amp;channels</source>
        <translation>Только в &amp;каналах</translation>
    </message>
    <message>
        <source>Empty allowed lists mean everyone. Blocked wins. The bot&apos;s owner (from the Discord application) is always allowed.</source>
        <translation>Пустые списки разрешённых означают «все». Блокировка важнее. Владелец бота (из приложения Discord) разрешён всегда.</translation>
    </message>
    <message>
        <source>People and roles are typed as IDs (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID: on a person, or on a role under Server Settings → Roles).</source>
        <translation>Люди и роли вводятся как ID (в Discord: Настройки → Расширенные → Режим разработчика, затем правый клик → Копировать ID: на человеке или на роли в разделе Настройки сервера → Роли).</translation>
    </message>
    <message>
        <source>All&amp;owed people</source>
        <translation>&amp;Разрешённые люди</translation>
    </message>
    <message>
        <source>Direct messages &amp;from</source>
        <translation>Личные сообщения &amp;от</translation>
    </message>
    <message>
        <source>Can use /character set, /cast and /reset, besides people with Manage Server.</source>
        <translation>Могут использовать /character set, /cast и /reset — помимо людей с правом «Управлять сервером».</translation>
    </message>
    <message>
        <source>Slash commands</source>
        <translation>Слеш-команды</translation>
    </message>
    <message>
        <source>Discord&apos;s slash commands are synced by themselves when they change; use this if they look out of date.</source>
        <translation>Слеш-команды Discord синхронизируются сами, когда меняются; нажмите, если они выглядят устаревшими.</translation>
    </message>
    <message>
        <source>Per-user &amp;cooldown</source>
        <translation>&amp;Пауза для каждого</translation>
    </message>
    <message>
        <source>After answering someone, wait this long before answering them again.</source>
        <translation>После ответа человеку ждать столько, прежде чем ответить ему снова.</translation>
    </message>
    <message>
        <source>Limits count tokens per UTC day; when one is reached the bot says it is resting until midnight UTC.</source>
        <translation>Лимиты считают токены за сутки по UTC; когда лимит достигнут, бот сообщает, что отдыхает до полуночи UTC.</translation>
    </message>
    <message>
        <source>Per person a day</source>
        <translation>На человека в день</translation>
    </message>
    <message>
        <source>Per ser&amp;ver a day</source>
        <translation>На се&amp;рвер в день</translation>
    </message>
    <message>
        <source>In total a day</source>
        <translation>Всего в день</translation>
    </message>
    <message>
        <source>Cost per 1M tokens</source>
        <translation>Цена за 1 млн токенов</translation>
    </message>
    <message>
        <source>In your currency, to show what the tokens cost on the Usage page.</source>
        <translation>В вашей валюте — чтобы страница «Расход» показывала стоимость токенов.</translation>
    </message>
    <message>
        <source>&amp;Greeting</source>
        <translation>&amp;Приветствие</translation>
    </message>
    <message>
        <source>What the character says first in a channel where it has not spoken yet, or after a /reset.</source>
        <translation>Что персонаж говорит первым в канале, где он ещё не говорил, или после /reset.</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Рассуждения</translation>
    </message>
    <message>
        <source>Reasoning models think before they answer. Off: only the answer is posted.</source>
        <translation>Модели с рассуждениями думают перед ответом. Если выключено, публикуется только ответ.</translation>
    </message>
    <message>
        <source>Send &amp;images to the model</source>
        <translation>Отправлять &amp;изображения модели</translation>
    </message>
    <message>
        <source>Auto: pictures people post go to the model, until it answers that it cannot take images; then it gets a short note instead.</source>
        <translation>Авто: картинки, которые присылают люди, уходят модели, пока она не ответит, что не принимает изображения; тогда вместо них она получает короткую пометку.</translation>
    </message>
    <message>
        <source>Images &amp;per reply</source>
        <translation>Изображений &amp;на ответ</translation>
    </message>
    <message>
        <source>At most this many pictures, newest first.</source>
        <translation>Не больше стольких картинок, сначала самые новые.</translation>
    </message>
    <message>
        <source>Name and avatar</source>
        <translation>Имя и аватар</translation>
    </message>
    <message>
        <source>Each character posts under its own name and avatar through a channel webhook. Needs the Manage Webhooks permission (the invite link asks for it); in direct messages, and where it is missing, the bot account posts.</source>
        <translation>Каждый персонаж пишет под своим именем и аватаром через вебхук канала. Нужно право «Управлять вебхуками» (ссылка-приглашение его запрашивает); в личных сообщениях и там, где его нет, пишет аккаунт бота.</translation>
    </message>
    <message>
        <source>Streaming</source>
        <translation>Потоковый вывод</translation>
    </message>
    <message>
        <source>The reply appears at once and grows as the model writes (edited at most once a second).</source>
        <translation>Ответ появляется сразу и растёт по мере того, как модель пишет (правится не чаще раза в секунду).</translation>
    </message>
    <message>
        <source>A m&amp;ention that names no one is answered by</source>
        <translation>На &amp;упоминание без имени отвечает</translation>
    </message>
    <message>
        <source>Between characters</source>
        <translation>Между персонажами</translation>
    </message>
    <message>
        <source>A character&apos;s reply that names another character of the channel is answered by it.</source>
        <translation>Если в ответе персонажа назван другой персонаж канала, тот отвечает.</translation>
    </message>
    <message>
        <source>Replies in a row without a &amp;human</source>
        <translation>Ответов подряд без &amp;человека</translation>
    </message>
    <message>
        <source>Then the characters wait until someone writes.</source>
        <translation>Потом персонажи ждут, пока кто-нибудь напишет.</translation>
    </message>
    <message>
        <source>Scan &amp;depth</source>
        <translation>&amp;Глубина поиска</translation>
    </message>
    <message>
        <source>How many recent messages are searched for lorebook keys (when a lorebook sets none).</source>
        <translation>Сколько последних сообщений просматривается в поисках ключей лорбука (если лорбук не задаёт своё).</translation>
    </message>
    <message>
        <source>&amp;Budget</source>
        <translation>&amp;Бюджет</translation>
    </message>
    <message>
        <source>The most room lorebook entries may take in the prompt (when a lorebook sets none).</source>
        <translation>Сколько места в промпте могут занять записи лорбука (если лорбук не задаёт своё).</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Уведомления</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Запускать при входе в систему</translation>
    </message>
    <message>
        <source>When to reply</source>
        <translation>Когда отвечать</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Где</translation>
    </message>
    <message>
        <source>Who may use the bot</source>
        <translation>Кто может пользоваться ботом</translation>
    </message>
    <message>
        <source>Pace</source>
        <translation>Темп</translation>
    </message>
    <message>
        <source>How much</source>
        <translation>Сколько</translation>
    </message>
    <message>
        <source>Character</source>
        <translation>Персонаж</translation>
    </message>
    <message>
        <source>Characters in Discord</source>
        <translation>Персонажи в Discord</translation>
    </message>
    <message>
        <source>Lorebooks</source>
        <translation>Лорбуки</translation>
    </message>
    <message>
        <source>App</source>
        <translation>Приложение</translation>
    </message>
    <message numerus="yes">
        <source>The lists offer the %n server(s) the bot is in now; you can also type an ID (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID).</source>
        <translation>
            <numerusform>В списках — %n сервер, где сейчас есть бот; можно и ввести ID (в Discord: Настройки → Расширенные → Режим разработчика, затем правый клик → Копировать ID).</numerusform>
            <numerusform>В списках — %n сервера, где сейчас есть бот; можно и ввести ID (в Discord: Настройки → Расширенные → Режим разработчика, затем правый клик → Копировать ID).</numerusform>
            <numerusform>В списках — %n серверов, где сейчас есть бот; можно и ввести ID (в Discord: Настройки → Расширенные → Режим разработчика, затем правый клик → Копировать ID).</numerusform>
        </translation>
    </message>
    <message>
        <source>Connect the bot to pick servers and channels from a list, or type IDs (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID).</source>
        <translation>Подключите бота, чтобы выбирать серверы и каналы из списка, или введите ID (в Discord: Настройки → Расширенные → Режим разработчика, затем правый клик → Копировать ID).</translation>
    </message>
    <message>
        <source>Commands will be synced again now.</source>
        <translation>Команды сейчас будут синхронизированы заново.</translation>
    </message>
    <message>
        <source>Commands will be synced again when the bot connects.</source>
        <translation>Команды будут синхронизированы заново, когда бот подключится.</translation>
    </message>
    <message>
        <source>Without Manage Webhooks (characters speak there as the bot): {channels}</source>
        <translation>Без права «Управлять вебхуками» (там персонажи говорят от имени бота): {channels}</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> токенов</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Без лимита</translation>
    </message>
</context>
<context>
    <name>ChannelCasts</name>
    <message>
        <source>Every channel uses the default character alone.</source>
        <extracomment>The &quot; (id)&quot; that ends a known channel&apos;s label: the table leaves it to the tooltip. The Channel column takes at most this share of the table&apos;s width; the cast the rest.</extracomment>
        <translation>Во всех каналах отвечает только персонаж по умолчанию.</translation>
    </message>
    <message>
        <source>A channel&apos;s cast answers together: a message that names a character is answered by it; a mention naming no one, by the first.</source>
        <translation>Состав канала отвечает вместе: на сообщение, где назван персонаж, отвечает он; на упоминание без имени — первый.</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message>
        <source>Cast</source>
        <translation>Состав</translation>
    </message>
    <message>
        <source>Casts per channel</source>
        <translation>Составы по каналам</translation>
    </message>
    <message>
        <source>Channel whose cast to edit</source>
        <translation>Канал, состав которого изменить</translation>
    </message>
    <message>
        <source>Character to add, remove or make first</source>
        <translation>Персонаж, которого добавить, убрать или сделать первым</translation>
    </message>
    <message>
        <source>Add to cast</source>
        <translation>Добавить в состав</translation>
    </message>
    <message>
        <source>Add the character to that channel&apos;s cast</source>
        <translation>Добавить персонажа в состав этого канала</translation>
    </message>
    <message>
        <source>Remove from cast</source>
        <translation>Убрать из состава</translation>
    </message>
    <message>
        <source>Remove the character from that channel&apos;s cast</source>
        <translation>Убрать персонажа из состава этого канала</translation>
    </message>
    <message>
        <source>Make first</source>
        <translation>Сделать первым</translation>
    </message>
    <message>
        <source>Make the character first in that channel&apos;s cast</source>
        <translation>Сделать персонажа первым в составе этого канала</translation>
    </message>
    <message>
        <source>Remove channel</source>
        <translation>Убрать канал</translation>
    </message>
    <message>
        <source>Remove the selected channel&apos;s cast</source>
        <translation>Убрать состав выбранного канала</translation>
    </message>
    <message>
        <source>{character} is already in the cast of {channel}.</source>
        <translation>{character} уже в составе канала {channel}.</translation>
    </message>
    <message>
        <source>Select a channel in the table first.</source>
        <translation>Сначала выберите канал в таблице.</translation>
    </message>
    <message>
        <source>{character} is not in the cast of {channel}.</source>
        <translation>{character} нет в составе канала {channel}.</translation>
    </message>
    <message>
        <source>Pick a channel (or type its ID) and a character.</source>
        <translation>Выберите канал (или введите его ID) и персонажа.</translation>
    </message>
    <message>
        <source>{id} (not seen by the bot right now)</source>
        <translation>{id} (бот сейчас его не видит)</translation>
    </message>
    <message>
        <source>{name} (missing)</source>
        <translation>{name} (отсутствует)</translation>
    </message>
</context>
<context>
    <name>CharacterForm</name>
    <message>
        <source>must be a number (Unix time in seconds) or empty</source>
        <translation>должно быть числом (время Unix в секундах) или пустым</translation>
    </message>
    <message>
        <source>This is the built-in character: it cannot be changed. Press Duplicate to make your own copy.</source>
        <translation>Это встроенный персонаж: его нельзя изменить. Нажмите «Дублировать», чтобы сделать свою копию.</translation>
    </message>
    <message>
        <source>Avatar</source>
        <translation>Аватар</translation>
    </message>
    <message>
        <source>Change a&amp;vatar…</source>
        <translation>Сменить а&amp;ватар…</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Карточка</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Имя</translation>
    </message>
    <message>
        <source>What the character is called</source>
        <translation>Как зовут персонажа</translation>
    </message>
    <message>
        <source>Nic&amp;kname</source>
        <translation>&amp;Прозвище</translation>
    </message>
    <message>
        <source>A shorter name some tools show (V3 cards)</source>
        <translation>Короткое имя, которое показывают некоторые программы (карточки V3)</translation>
    </message>
    <message>
        <source>Ta&amp;gs</source>
        <translation>&amp;Теги</translation>
    </message>
    <message>
        <source>Separated by commas.</source>
        <translation>Через запятую.</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Описание</translation>
    </message>
    <message>
        <source>&amp;Personality</source>
        <translation>&amp;Характер</translation>
    </message>
    <message>
        <source>&amp;Scenario</source>
        <translation>&amp;Сценарий</translation>
    </message>
    <message>
        <source>Greetings</source>
        <translation>Приветствия</translation>
    </message>
    <message>
        <source>&amp;First message</source>
        <translation>&amp;Первое сообщение</translation>
    </message>
    <message>
        <source>&amp;Alternate greetings</source>
        <translation>&amp;Другие приветствия</translation>
    </message>
    <message>
        <source>&amp;Group-only greetings</source>
        <translation>Приветствия только для &amp;групп</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Промпт</translation>
    </message>
    <message>
        <source>S&amp;ystem prompt</source>
        <translation>&amp;Системный промпт</translation>
    </message>
    <message>
        <source>Empty: Familiar writes one from the description. {{original}} inserts that default.</source>
        <translation>Пусто: Familiar составит его из описания. {{original}} вставляет этот вариант по умолчанию.</translation>
    </message>
    <message>
        <source>Post-history &amp;instructions</source>
        <translation>&amp;Инструкции после истории</translation>
    </message>
    <message>
        <source>Sent after the conversation, just before the reply.</source>
        <translation>Отправляются после разговора, прямо перед ответом.</translation>
    </message>
    <message>
        <source>&amp;Example dialogues</source>
        <translation>&amp;Примеры диалогов</translation>
    </message>
    <message>
        <source>Separate example conversations with a line holding &lt;START&gt;.</source>
        <translation>Разделяйте примеры разговоров строкой с &lt;START&gt;.</translation>
    </message>
    <message>
        <source>Creator</source>
        <translation>Автор</translation>
    </message>
    <message>
        <source>C&amp;reator</source>
        <translation>&amp;Автор</translation>
    </message>
    <message>
        <source>Character &amp;version</source>
        <translation>&amp;Версия персонажа</translation>
    </message>
    <message>
        <source>Creator &amp;notes</source>
        <translation>&amp;Заметки автора</translation>
    </message>
    <message>
        <source>Notes by &amp;language (JSON)</source>
        <translation>Заметки по &amp;языкам (JSON)</translation>
    </message>
    <message>
        <source>For example {&quot;fr&quot;: &quot;Bonjour&quot;}; empty for none.</source>
        <translation>Например, {&quot;fr&quot;: &quot;Bonjour&quot;}; пусто, если их нет.</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>&amp;Источники</translation>
    </message>
    <message>
        <source>One URL or id per line.</source>
        <translation>По одному URL или id в строке.</translation>
    </message>
    <message>
        <source>Created (Unix &amp;time)</source>
        <translation>Создан (&amp;время Unix)</translation>
    </message>
    <message>
        <source>&amp;Modified (Unix time)</source>
        <translation>&amp;Изменён (время Unix)</translation>
    </message>
    <message>
        <source>Set when you save.</source>
        <translation>Ставится при сохранении.</translation>
    </message>
    <message>
        <source>Lorebook &amp;&amp; extras</source>
        <translation>Лорбук &amp;&amp; прочее</translation>
    </message>
    <message>
        <source>Export lore&amp;book…</source>
        <translation>Экспорт &amp;лорбука…</translation>
    </message>
    <message>
        <source>Save this card&apos;s lorebook as a World Info file SillyTavern can import.</source>
        <translation>Сохранить лорбук этой карточки как файл World Info, который SillyTavern может импортировать.</translation>
    </message>
    <message>
        <source>&amp;Lorebook (JSON)</source>
        <translation>&amp;Лорбук (JSON)</translation>
    </message>
    <message>
        <source>The card&apos;s character_book, kept as is. Lorebooks of their own are on the Lorebooks page.</source>
        <translation>character_book карточки, как есть. Отдельные лорбуки — на странице «Лорбуки».</translation>
    </message>
    <message>
        <source>E&amp;xtensions (JSON)</source>
        <translation>&amp;Расширения (JSON)</translation>
    </message>
    <message>
        <source>Data other tools keep in the card.</source>
        <translation>Данные, которые другие программы хранят в карточке.</translation>
    </message>
    <message>
        <source>A&amp;ssets (JSON)</source>
        <translation>Р&amp;есурсы (JSON)</translation>
    </message>
    <message>
        <source>V3 assets list; empty for none.</source>
        <translation>Список ресурсов V3; пусто, если их нет.</translation>
    </message>
</context>
<context>
    <name>CharactersPage</name>
    <message>
        <source>Character cards (*.png *.json)</source>
        <translation>Карточки персонажей (*.png *.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</source>
        <translation>Изображения (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</translation>
    </message>
    <message>
        <source>World Info for SillyTavern (*.json)</source>
        <extracomment>The errors an action on the character files can end with; each `str()` is a sentence. Suffixes accepted when files are dropped on the window.</extracomment>
        <translation>World Info для SillyTavern (*.json)</translation>
    </message>
    <message>
        <source>This card has no lorebook of its own.</source>
        <extracomment>The lorebook summary waits for a pause in typing (its JSON is read in a worker thread). List pictures drawn per loop pass when none needs decoding (a few ms on a slow machine).</extracomment>
        <translation>У этой карточки нет своего лорбука.</translation>
    </message>
    <message numerus="yes">
        <source>This card&apos;s own lorebook has %n entry(s); it is used whenever this character answers.</source>
        <translation>
            <numerusform>В собственном лорбуке этой карточки %n запись; он используется всякий раз, когда отвечает этот персонаж.</numerusform>
            <numerusform>В собственном лорбуке этой карточки %n записи; он используется всякий раз, когда отвечает этот персонаж.</numerusform>
            <numerusform>В собственном лорбуке этой карточки %n записей; он используется всякий раз, когда отвечает этот персонаж.</numerusform>
        </translation>
    </message>
    <message>
        <source>The lorebook is not valid JSON yet (the field says where).</source>
        <translation>Лорбук пока не является корректным JSON (поле подскажет, где ошибка).</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Персонажи</translation>
    </message>
    <message>
        <source>Ne&amp;w</source>
        <translation>&amp;Создать</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Импорт…</translation>
    </message>
    <message>
        <source>Import PNG or JSON character cards (V1, V2, V3); you can also drop them on this window.</source>
        <translation>Импорт карточек персонажей PNG или JSON (V1, V2, V3); их можно и перетащить в это окно.</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>&amp;Дублировать</translation>
    </message>
    <message>
        <source>Dele&amp;te…</source>
        <translation>&amp;Удалить…</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>&amp;Экспорт</translation>
    </message>
    <message>
        <source>PNG card (V3, readable by V2 tools)…</source>
        <translation>Карточка PNG (V3, читается программами для V2)…</translation>
    </message>
    <message>
        <source>JSON card (V3)…</source>
        <translation>Карточка JSON (V3)…</translation>
    </message>
    <message>
        <source>JSON card (V2)…</source>
        <translation>Карточка JSON (V2)…</translation>
    </message>
    <message>
        <source>De&amp;fault character</source>
        <translation>Персонаж по &amp;умолчанию</translation>
    </message>
    <message>
        <source>Casts per &amp;channel</source>
        <translation>Составы по &amp;каналам</translation>
    </message>
    <message>
        <source>Who answers</source>
        <translation>Кто отвечает</translation>
    </message>
    <message>
        <source>Not saved: fix the marked fields of this character.</source>
        <translation>Не сохранено: исправьте отмеченные поля этого персонажа.</translation>
    </message>
    <message>
        <source>The environment variable {variable} chooses the default character: {name}. It wins over what is saved here; the casts per channel still apply.</source>
        <translation>Переменная окружения {variable} выбирает персонажа по умолчанию: {name}. Она важнее того, что сохранено здесь; составы по каналам по-прежнему действуют.</translation>
    </message>
    <message>
        <source>The environment variable {variable} is “{value}”, but it names no character Familiar can use (the status line above says why). It wins over what is saved here.</source>
        <translation>Переменная окружения {variable} равна «{value}», но не указывает ни одного персонажа, которого Familiar может использовать (строка состояния выше объясняет почему). Она важнее того, что сохранено здесь.</translation>
    </message>
    <message>
        <source>Set by the environment variable {variable}</source>
        <translation>Задано переменной окружения {variable}</translation>
    </message>
    <message>
        <source>“{value}” (not usable)</source>
        <translation>«{value}» (нельзя использовать)</translation>
    </message>
    <message>
        <source>“{name}” has no lorebook in its card.</source>
        <translation>В карточке «{name}» нет лорбука.</translation>
    </message>
    <message>
        <source>Export the card&apos;s lorebook</source>
        <translation>Экспорт лорбука карточки</translation>
    </message>
    <message>
        <source>Exported the lorebook of “{name}” to {path}; SillyTavern can import it as World Info.</source>
        <translation>Лорбук «{name}» экспортирован в {path}; SillyTavern может импортировать его как World Info.</translation>
    </message>
    <message>
        <source>Choose an avatar</source>
        <translation>Выбор аватара</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is not an image Familiar can read.</source>
        <translation>«{file}» — не изображение, которое Familiar может прочитать.</translation>
    </message>
    <message>
        <source>New avatar: press Save to keep it.</source>
        <translation>Новый аватар: нажмите «Сохранить», чтобы оставить его.</translation>
    </message>
    <message>
        <source>New character</source>
        <translation>Новый персонаж</translation>
    </message>
    <message>
        <source>Added “{name}”: give it a name and a description, then Save.</source>
        <translation>Добавлен «{name}»: дайте ему имя и описание, затем сохраните.</translation>
    </message>
    <message>
        <source>Made “{name}”, a copy you can edit.</source>
        <translation>Создан «{name}» — копия, которую можно редактировать.</translation>
    </message>
    <message>
        <source>Delete character</source>
        <translation>Удаление персонажа</translation>
    </message>
    <message>
        <source>Delete “{name}”?</source>
        <translation>Удалить «{name}»?</translation>
    </message>
    <message>
        <source>Its card and avatar files are removed. This cannot be undone (export it first to keep a copy).</source>
        <translation>Файлы его карточки и аватара будут удалены. Это нельзя отменить (сначала экспортируйте, чтобы сохранить копию).</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>«{name}» удалён.</translation>
    </message>
    <message>
        <source>Import character cards</source>
        <translation>Импорт карточек персонажей</translation>
    </message>
    <message>
        <source>Imported {names}.</source>
        <translation>Импортировано: {names}.</translation>
    </message>
    <message>
        <source>PNG card (*.png)</source>
        <translation>Карточка PNG (*.png)</translation>
    </message>
    <message>
        <source>JSON card (*.json)</source>
        <translation>Карточка JSON (*.json)</translation>
    </message>
    <message>
        <source>Export character</source>
        <translation>Экспорт персонажа</translation>
    </message>
    <message>
        <source>Exported “{name}” to {path}.</source>
        <translation>«{name}» экспортирован в {path}.</translation>
    </message>
    <message>
        <source>Fix the marked fields first.</source>
        <translation>Сначала исправьте отмеченные поля.</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Your OpenAI key (sk-…)</source>
        <extracomment>(name, base URL or None for &quot;type your own&quot;, what the key field should say); the words are translated where shown, the providers&apos; names are names.</extracomment>
        <translation>Ваш ключ OpenAI (sk-…)</translation>
    </message>
    <message>
        <source>Your OpenRouter key (sk-or-…)</source>
        <translation>Ваш ключ OpenRouter (sk-or-…)</translation>
    </message>
    <message>
        <source>Leave empty: Ollama needs no key</source>
        <translation>Оставьте пустым: Ollama ключ не нужен</translation>
    </message>
    <message>
        <source>Leave empty: LM Studio needs no key</source>
        <translation>Оставьте пустым: LM Studio ключ не нужен</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Другой</translation>
    </message>
    <message>
        <source>The server&apos;s key, if it needs one</source>
        <translation>Ключ сервера, если он нужен</translation>
    </message>
    <message>
        <source>Discord bot token</source>
        <extracomment>How the banner names each field (as its label does).</extracomment>
        <translation>Токен бота Discord</translation>
    </message>
    <message>
        <source>Discord API base</source>
        <translation>База API Discord</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Базовый URL</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Ключ API</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <source>Paste the bot token from the Developer Portal (your app → Bot)</source>
        <extracomment>(token, API base) the last token test found working, and when: what its sentence is about.</extracomment>
        <translation>Вставьте токен бота из Developer Portal (ваше приложение → Bot)</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Показать</translation>
    </message>
    <message>
        <source>Show the bot token</source>
        <translation>Показать токен бота</translation>
    </message>
    <message>
        <source>&amp;Test token</source>
        <translation>П&amp;роверить токен</translation>
    </message>
    <message>
        <source>Logging in to Discord…</source>
        <translation>Вход в Discord…</translation>
    </message>
    <message>
        <source>Bot avatar</source>
        <translation>Аватар бота</translation>
    </message>
    <message>
        <source>Test the token to get the invite link</source>
        <translation>Проверьте токен, чтобы получить ссылку-приглашение</translation>
    </message>
    <message>
        <source>&amp;Copy link</source>
        <translation>&amp;Копировать ссылку</translation>
    </message>
    <message>
        <source>Open in &amp;browser</source>
        <translation>Открыть в &amp;браузере</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>Пока&amp;зать</translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation>Показать ключ API</translation>
    </message>
    <message>
        <source>&amp;Get model list</source>
        <translation>&amp;Список моделей</translation>
    </message>
    <message>
        <source>Asking the server for its models…</source>
        <translation>Запрашиваю у сервера список моделей…</translation>
    </message>
    <message>
        <source>Test &amp;model</source>
        <translation>Проверить &amp;модель</translation>
    </message>
    <message>
        <source>Sending one short request…</source>
        <translation>Отправляю один короткий запрос…</translation>
    </message>
    <message>
        <source> s</source>
        <comment>unit after a number of seconds</comment>
        <translation> с</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Дополнительно</translation>
    </message>
    <message>
        <source>Discord &amp;bot token</source>
        <translation>&amp;Токен бота Discord</translation>
    </message>
    <message>
        <source>&amp;Invite link</source>
        <translation>Ссылка-&amp;приглашение</translation>
    </message>
    <message>
        <source>Open it to add the bot to one of your servers. It asks only for: View Channels, Send Messages, Send Messages in Threads, Read Message History, Use Application Commands (the slash commands), and Manage Webhooks (so characters speak under their own name and avatar).</source>
        <translation>Откройте её, чтобы добавить бота на свой сервер. Она запрашивает только: «Просматривать каналы», «Отправлять сообщения», «Отправлять сообщения в ветках», «Читать историю сообщений», «Использовать команды приложения» (слеш-команды) и «Управлять вебхуками» (чтобы персонажи говорили под своим именем и аватаром).</translation>
    </message>
    <message>
        <source>Model server</source>
        <translation>Сервер модели</translation>
    </message>
    <message>
        <source>&amp;Provider</source>
        <translation>&amp;Провайдер</translation>
    </message>
    <message>
        <source>Fills in the base URL; pick Custom for any other server.</source>
        <translation>Заполняет базовый URL; для любого другого сервера выберите «Другой».</translation>
    </message>
    <message>
        <source>Base &amp;URL</source>
        <translation>Базовый &amp;URL</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>&amp;Ключ API</translation>
    </message>
    <message>
        <source>Mo&amp;del</source>
        <translation>Мо&amp;дель</translation>
    </message>
    <message>
        <source>Discord &amp;API base</source>
        <translation>База &amp;API Discord</translation>
    </message>
    <message>
        <source>Only for Discord-compatible servers; changing it reconnects the bot.</source>
        <translation>Только для Discord-совместимых серверов; при изменении бот переподключится.</translation>
    </message>
    <message>
        <source>Model request &amp;timeout</source>
        <translation>&amp;Тайм-аут запроса к модели</translation>
    </message>
    <message>
        <source>Images: the model {model} answered that it cannot take images, so pictures reach it as short text notes until the model changes.</source>
        <translation>Изображения: модель {model} ответила, что не принимает изображения, поэтому до смены модели картинки приходят ей как короткие текстовые пометки.</translation>
    </message>
    <message>
        <source>Set by the environment variable {variable}</source>
        <translation>Задано переменной окружения {variable}</translation>
    </message>
    <message>
        <source>The model is set by {variable}</source>
        <translation>Модель задана в {variable}</translation>
    </message>
    <message>
        <source>The base URL is set by {variable}</source>
        <translation>Базовый URL задан в {variable}</translation>
    </message>
    <message>
        <source>Set by environment variables, which win over anything saved here, so they cannot be changed in this window: {fields}. To change one, change or remove the variable where Familiar is started, then start it again.</source>
        <translation>Заданы переменными окружения, которые важнее всего сохранённого здесь, поэтому в этом окне их не изменить: {fields}. Чтобы изменить значение, измените или удалите переменную там, где запускается Familiar, и запустите его снова.</translation>
    </message>
    <message>
        <source>Fix the Discord API base under Advanced first.</source>
        <translation>Сначала исправьте базу API Discord в разделе «Дополнительно».</translation>
    </message>
    <message numerus="yes">
        <source>{name} · in %n server(s)</source>
        <translation>
            <numerusform>{name} · на %n сервере</numerusform>
            <numerusform>{name} · на %n серверах</numerusform>
            <numerusform>{name} · на %n серверах</numerusform>
        </translation>
    </message>
    <message>
        <source>The token works: this is {name}.</source>
        <translation>Токен работает: это {name}.</translation>
    </message>
    <message>
        <source>Use the invite link to add it to a server.</source>
        <translation>Добавьте его на сервер по ссылке-приглашению.</translation>
    </message>
    <message>
        <source>Save if you changed the token, or press Reconnect now to try again.</source>
        <translation>Сохраните, если вы сменили токен, или нажмите «Переподключить», чтобы попробовать снова.</translation>
    </message>
    <message>
        <source>Invite link copied.</source>
        <translation>Ссылка-приглашение скопирована.</translation>
    </message>
    <message>
        <source>Fix the base URL first.</source>
        <translation>Сначала исправьте базовый URL.</translation>
    </message>
    <message numerus="yes">
        <source>The server lists %n model(s); the model is set by {variable}.</source>
        <translation>
            <numerusform>Сервер предлагает %n модель; модель задана в {variable}.</numerusform>
            <numerusform>Сервер предлагает %n модели; модель задана в {variable}.</numerusform>
            <numerusform>Сервер предлагает %n моделей; модель задана в {variable}.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server lists no models; type the model name.</source>
        <translation>Сервер не предлагает моделей; введите название модели.</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) available: pick one from the list or type a name.</source>
        <translation>
            <numerusform>Доступна %n модель: выберите её из списка или введите название.</numerusform>
            <numerusform>Доступно %n модели: выберите одну из списка или введите название.</numerusform>
            <numerusform>Доступно %n моделей: выберите одну из списка или введите название.</numerusform>
        </translation>
    </message>
    <message>
        <source>The model answered in {seconds} s: “{reply}”</source>
        <translation>Модель ответила за {seconds} с: «{reply}»</translation>
    </message>
    <message>
        <source>(an empty reply)</source>
        <translation>(пустой ответ)</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <source>item {index}: {reason}</source>
        <translation>элемент {index}: {reason}</translation>
    </message>
    <message>
        <source>not valid JSON: {problem} at line {line}, column {column}</source>
        <translation>некорректный JSON: {problem} в строке {line}, столбец {column}</translation>
    </message>
    <message>
        <source>{name} (missing)</source>
        <translation>{name} (отсутствует)</translation>
    </message>
</context>
<context>
    <name>IdListEditor</name>
    <message>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Убрать</translation>
    </message>
    <message>
        <source>{id} (not seen by the bot right now)</source>
        <translation>{id} (бот сейчас его не видит)</translation>
    </message>
</context>
<context>
    <name>IdPicker</name>
    <message>
        <source>Pick a channel or type its ID</source>
        <extracomment>Discord IDs (snowflakes) are up to 20 digits.</extracomment>
        <translation>Выберите канал или введите его ID</translation>
    </message>
    <message>
        <source>Channel to add</source>
        <translation>Канал для добавления</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Каналы</translation>
    </message>
    <message>
        <source>Add the channel</source>
        <translation>Добавить канал</translation>
    </message>
    <message>
        <source>Remove the selected channel</source>
        <translation>Убрать выбранный канал</translation>
    </message>
    <message>
        <source>Pick a channel from the list or type its numeric ID.</source>
        <translation>Выберите канал из списка или введите его числовой ID.</translation>
    </message>
    <message>
        <source>Pick a server or type its ID</source>
        <translation>Выберите сервер или введите его ID</translation>
    </message>
    <message>
        <source>Server to add</source>
        <translation>Сервер для добавления</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Серверы</translation>
    </message>
    <message>
        <source>Add the server</source>
        <translation>Добавить сервер</translation>
    </message>
    <message>
        <source>Remove the selected server</source>
        <translation>Убрать выбранный сервер</translation>
    </message>
    <message>
        <source>Pick a server from the list or type its numeric ID.</source>
        <translation>Выберите сервер из списка или введите его числовой ID.</translation>
    </message>
    <message>
        <source>Type the person&apos;s ID</source>
        <translation>Введите ID человека</translation>
    </message>
    <message>
        <source>Person to add</source>
        <translation>Человек для добавления</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Люди</translation>
    </message>
    <message>
        <source>Add the person</source>
        <translation>Добавить человека</translation>
    </message>
    <message>
        <source>Remove the selected person</source>
        <translation>Убрать выбранного человека</translation>
    </message>
    <message>
        <source>Type the person&apos;s numeric ID.</source>
        <translation>Введите числовой ID человека.</translation>
    </message>
    <message>
        <source>{list}: person ID to add</source>
        <translation>{list}: ID человека для добавления</translation>
    </message>
    <message>
        <source>Type the role&apos;s ID</source>
        <translation>Введите ID роли</translation>
    </message>
    <message>
        <source>Role to add</source>
        <translation>Роль для добавления</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Роли</translation>
    </message>
    <message>
        <source>Add the role</source>
        <translation>Добавить роль</translation>
    </message>
    <message>
        <source>Remove the selected role</source>
        <translation>Убрать выбранную роль</translation>
    </message>
    <message>
        <source>Type the role&apos;s numeric ID.</source>
        <translation>Введите числовой ID роли.</translation>
    </message>
    <message>
        <source>{list}: role ID to add</source>
        <translation>{list}: ID роли для добавления</translation>
    </message>
    <message>
        <source>#{channel} in {server} ({id})</source>
        <comment>keep ({id}) at the end: the ID is read back from there</comment>
        <translation>#{channel} на {server} ({id})</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <source>Everything (debug)</source>
        <extracomment>How often new lines are drained from the buffer into the view. Lines taken from the buffer at a time, and how long one pass may add batches before the loop (the bot&apos;s too) runs again: 10,000 waiting lines fill the view over several passes.</extracomment>
        <translation>Всё (отладка)</translation>
    </message>
    <message>
        <source>Information and above</source>
        <translation>Информация и выше</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Предупреждения и ошибки</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Только ошибки</translation>
    </message>
    <message>
        <source>Show only lines containing…</source>
        <translation>Показывать только строки, содержащие…</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Журнал</translation>
    </message>
    <message>
        <source>&amp;Copy shown lines</source>
        <translation>&amp;Копировать показанные строки</translation>
    </message>
    <message>
        <source>&amp;Open log folder</source>
        <translation>&amp;Открыть папку журналов</translation>
    </message>
    <message>
        <source>&amp;Follow new lines</source>
        <translation>&amp;Следить за новыми строками</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>Папка журналов</translation>
    </message>
    <message>
        <source>&amp;Level</source>
        <translation>&amp;Уровень</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Поиск</translation>
    </message>
</context>
<context>
    <name>LorebooksPage</name>
    <message>
        <source>Lorebooks: World Info JSON (*.json)</source>
        <translation>Лорбуки: World Info JSON (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
    <message>
        <source>World Info for SillyTavern (*.json)</source>
        <translation>World Info для SillyTavern (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <extracomment>Where a lorebook is used (the radio buttons&apos; ids).</extracomment>
        <translation>
            <numerusform>%n запись</numerusform>
            <numerusform>%n записи</numerusform>
            <numerusform>%n записей</numerusform>
        </translation>
    </message>
    <message>
        <source>Lorebooks</source>
        <translation>Лорбуки</translation>
    </message>
    <message>
        <source>No lorebooks yet. Import World Info files exported from SillyTavern (.json), or drop them on this window.</source>
        <translation>Лорбуков пока нет. Импортируйте файлы World Info, экспортированные из SillyTavern (.json), или перетащите их в это окно.</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Импорт…</translation>
    </message>
    <message>
        <source>Import SillyTavern World Info files (or a card&apos;s lorebook saved as JSON); you can also drop them on this window.</source>
        <translation>Импорт файлов World Info из SillyTavern (или лорбука карточки, сохранённого как JSON); их можно и перетащить в это окно.</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>&amp;Экспорт…</translation>
    </message>
    <message>
        <source>Save the selected lorebook as a World Info file SillyTavern can import.</source>
        <translation>Сохранить выбранный лорбук как файл World Info, который SillyTavern может импортировать.</translation>
    </message>
    <message>
        <source>Dele&amp;te…</source>
        <translation>&amp;Удалить…</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Запись</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Ключи</translation>
    </message>
    <message>
        <source>Used when</source>
        <translation>Когда используется</translation>
    </message>
    <message>
        <source>Entries of the lorebook</source>
        <translation>Записи лорбука</translation>
    </message>
    <message>
        <source>&amp;Not used</source>
        <translation>&amp;Не используется</translation>
    </message>
    <message>
        <source>For &amp;every character</source>
        <translation>Для &amp;всех персонажей</translation>
    </message>
    <message>
        <source>Only for the c&amp;haracters ticked below</source>
        <translation>Только для &amp;отмеченных ниже персонажей</translation>
    </message>
    <message>
        <source>Characters that use this lorebook</source>
        <translation>Персонажи, использующие этот лорбук</translation>
    </message>
    <message>
        <source>Where it is used</source>
        <translation>Где используется</translation>
    </message>
    <message>
        <source>A character&apos;s own lorebook (in its card) is always used for it; the ones chosen here come after it. Changes here are kept when you press Save.</source>
        <translation>Собственный лорбук персонажа (из его карточки) используется для него всегда; выбранные здесь идут после него. Изменения здесь сохраняются кнопкой «Сохранить».</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n проблема</numerusform>
            <numerusform>%n проблемы</numerusform>
            <numerusform>%n проблем</numerusform>
        </translation>
    </message>
    <message>
        <source>every character</source>
        <translation>все персонажи</translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation>
            <numerusform>%n персонаж</numerusform>
            <numerusform>%n персонажа</numerusform>
            <numerusform>%n персонажей</numerusform>
        </translation>
    </message>
    <message>
        <source>not used</source>
        <translation>не используется</translation>
    </message>
    <message>
        <source>Its entries, and where it is used, show here.</source>
        <translation>Здесь показываются его записи и где он используется.</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s), kept as {file} in Familiar&apos;s lorebook folder.</source>
        <translation>
            <numerusform>%n запись, хранится как {file} в папке лорбуков Familiar.</numerusform>
            <numerusform>%n записи, хранятся как {file} в папке лорбуков Familiar.</numerusform>
            <numerusform>%n записей, хранятся как {file} в папке лорбуков Familiar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>…and %n more (see the log).</source>
        <translation>
            <numerusform>…и ещё %n (см. журнал).</numerusform>
            <numerusform>…и ещё %n (см. журнал).</numerusform>
            <numerusform>…и ещё %n (см. журнал).</numerusform>
        </translation>
    </message>
    <message>
        <source>When it was read:</source>
        <translation>При чтении:</translation>
    </message>
    <message>
        <source>(with: {keys})</source>
        <translation>(вместе с: {keys})</translation>
    </message>
    <message>
        <source>never (switched off)</source>
        <translation>никогда (выключена)</translation>
    </message>
    <message>
        <source>always</source>
        <translation>всегда</translation>
    </message>
    <message>
        <source>a key is mentioned</source>
        <translation>упомянут ключ</translation>
    </message>
    <message>
        <source>{id} (not a saved character)</source>
        <translation>{id} (не сохранённый персонаж)</translation>
    </message>
    <message>
        <source>Import lorebooks</source>
        <translation>Импорт лорбуков</translation>
    </message>
    <message>
        <source>Imported {names}.</source>
        <translation>Импортировано: {names}.</translation>
    </message>
    <message>
        <source>Choose below where it is used, then Save.</source>
        <translation>Выберите ниже, где он используется, затем сохраните.</translation>
    </message>
    <message>
        <source>Choose where each is used, then Save.</source>
        <translation>Выберите, где используется каждый, затем сохраните.</translation>
    </message>
    <message>
        <source>Export lorebook</source>
        <translation>Экспорт лорбука</translation>
    </message>
    <message>
        <source>Exported “{name}” to {path}; SillyTavern can import it as World Info.</source>
        <translation>«{name}» экспортирован в {path}; SillyTavern может импортировать его как World Info.</translation>
    </message>
    <message>
        <source>Delete lorebook</source>
        <translation>Удаление лорбука</translation>
    </message>
    <message>
        <source>Delete “{name}”?</source>
        <translation>Удалить «{name}»?</translation>
    </message>
    <message>
        <source>Its file is removed. This cannot be undone (export it first to keep a copy).</source>
        <translation>Его файл будет удалён. Это нельзя отменить (сначала экспортируйте, чтобы сохранить копию).</translation>
    </message>
    <message>
        <source>Deleted “{name}”. Press Save to stop using it for the characters it was attached to.</source>
        <translation>«{name}» удалён. Нажмите «Сохранить», чтобы он перестал использоваться для персонажей, к которым был привязан.</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>«{name}» удалён.</translation>
    </message>
</context>
<context>
    <name>NetworkAction</name>
    <message>
        <source>Cancel</source>
        <extracomment>Errors whose `str()` is already a sentence for the user. Where focus goes back to when the action ends, if it was on Cancel (default: the button).</extracomment>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Cancel: {action}</source>
        <translation>Отменить: {action}</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Отменено.</translation>
    </message>
    <message>
        <source>Unexpected problem ({error}); details are in the log.</source>
        <translation>Непредвиденная проблема ({error}); подробности в журнале.</translation>
    </message>
</context>
<context>
    <name>Notify</name>
    <message>
        <source>Familiar is back online</source>
        <translation>Familiar снова в сети</translation>
    </message>
    <message>
        <source>A fatal error.</source>
        <translation>Критическая ошибка.</translation>
    </message>
    <message>
        <source>Familiar stopped connecting</source>
        <translation>Familiar перестал подключаться</translation>
    </message>
    <message numerus="yes">
        <source>Still trying to reach Discord after %n s</source>
        <translation>
            <numerusform>Всё ещё пытается связаться с Discord спустя %n с</numerusform>
            <numerusform>Всё ещё пытается связаться с Discord спустя %n с</numerusform>
            <numerusform>Всё ещё пытается связаться с Discord спустя %n с</numerusform>
        </translation>
    </message>
    <message>
        <source>Familiar is offline</source>
        <translation>Familiar не в сети</translation>
    </message>
    <message>
        <source>Connected as {user}.</source>
        <translation>Подключён как {user}.</translation>
    </message>
    <message>
        <source>Connected to Discord.</source>
        <translation>Подключён к Discord.</translation>
    </message>
</context>
<context>
    <name>OpenFolder</name>
    <message>
        <source>Could not create the folder {folder}: {error}.</source>
        <translation>Не удалось создать папку {folder}: {error}.</translation>
    </message>
    <message>
        <source>No file manager is set up to open folders on this computer. The folder is: {folder}</source>
        <translation>На этом компьютере не настроен файловый менеджер для открытия папок. Папка: {folder}</translation>
    </message>
</context>
<context>
    <name>PresetsPage</name>
    <message>
        <source>&amp;Temperature</source>
        <extracomment>Slider resolution for fractional fields (temperature 0.00-2.00 in steps of 0.01).</extracomment>
        <translation>&amp;Температура</translation>
    </message>
    <message>
        <source>Higher is more varied and surprising; lower is steadier.</source>
        <translation>Выше — разнообразнее и неожиданнее; ниже — ровнее.</translation>
    </message>
    <message>
        <source>Top &amp;p</source>
        <translation>Top &amp;p</translation>
    </message>
    <message>
        <source>Only the most likely words whose chances add up to this are considered.</source>
        <translation>Рассматриваются только самые вероятные слова, чьи шансы в сумме дают это значение.</translation>
    </message>
    <message>
        <source>Longest &amp;reply</source>
        <translation>Самый длинный &amp;ответ</translation>
    </message>
    <message>
        <source>In tokens (about ¾ of a word each).</source>
        <translation>В токенах (каждый — примерно ¾ слова).</translation>
    </message>
    <message>
        <source>&amp;Frequency penalty</source>
        <translation>Штраф за &amp;частоту</translation>
    </message>
    <message>
        <source>Above 0 discourages repeating the same words.</source>
        <translation>Больше 0 — меньше повторов одних и тех же слов.</translation>
    </message>
    <message>
        <source>Pr&amp;esence penalty</source>
        <translation>Штраф за &amp;присутствие</translation>
    </message>
    <message>
        <source>Above 0 encourages new topics.</source>
        <translation>Больше 0 — больше новых тем.</translation>
    </message>
    <message>
        <source>Conte&amp;xt budget</source>
        <translation>Бюджет &amp;контекста</translation>
    </message>
    <message>
        <source>How much conversation, in tokens, goes into each prompt.</source>
        <translation>Сколько разговора, в токенах, попадает в каждый промпт.</translation>
    </message>
    <message>
        <source>Balanced</source>
        <extracomment>The built-in presets&apos; names (bot/presets.py), shown in the user&apos;s language.</extracomment>
        <translation>Сбалансированный</translation>
    </message>
    <message>
        <source>Creative</source>
        <translation>Творческий</translation>
    </message>
    <message>
        <source>Precise</source>
        <translation>Точный</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Пресеты</translation>
    </message>
    <message>
        <source>Ne&amp;w</source>
        <translation>&amp;Создать</translation>
    </message>
    <message>
        <source>My preset</source>
        <translation>Мой пресет</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>&amp;Дублировать</translation>
    </message>
    <message>
        <source>Dele&amp;te…</source>
        <translation>&amp;Удалить…</translation>
    </message>
    <message>
        <source>Built-in presets cannot be changed. Press Duplicate to make your own copy.</source>
        <translation>Встроенные пресеты нельзя изменить. Нажмите «Дублировать», чтобы сделать свою копию.</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Имя</translation>
    </message>
    <message>
        <source>{field} slider</source>
        <translation>Ползунок: {field}</translation>
    </message>
    <message>
        <source>From {low} to {high}.</source>
        <translation>От {low} до {high}.</translation>
    </message>
    <message>
        <source>&amp;Stop sequences</source>
        <translation>&amp;Стоп-последовательности</translation>
    </message>
    <message>
        <source>One per line, at most four; the reply ends where one appears.</source>
        <translation>По одной в строке, не больше четырёх; ответ обрывается там, где встретится одна из них.</translation>
    </message>
    <message>
        <source>Preset &amp;in use</source>
        <translation>&amp;Текущий пресет</translation>
    </message>
    <message>
        <source>The bot and the chat preview use this one.</source>
        <translation>Его используют бот и предпросмотр чата.</translation>
    </message>
    <message>
        <source>Not saved: fix the marked fields of this preset.</source>
        <translation>Не сохранено: исправьте отмеченные поля этого пресета.</translation>
    </message>
    <message>
        <source>{name} (copy)</source>
        <translation>{name} (копия)</translation>
    </message>
    <message>
        <source>Made “{name}”: change it, then Save.</source>
        <translation>Создан «{name}»: измените его, затем сохраните.</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>Удаление пресета</translation>
    </message>
    <message>
        <source>Delete the preset “{name}”?</source>
        <translation>Удалить пресет «{name}»?</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>«{name}» удалён.</translation>
    </message>
    <message>
        <source>{name} (built-in)</source>
        <translation>{name} (встроенный)</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Tick characters to make a group chat: your message is answered by the characters it names, in the order named; naming no one, by the first (or whoever spoke last, as set on the Behaviour page).</source>
        <extracomment>(base URL, key, model, timeout) as typed on the Connection page. A character&apos;s avatar PNG by id (None: it has none), e.g. `CharacterStore.avatar_bytes`. The avatar beside each turn and in the cast list, in device-independent pixels. Image resources of the conversation: &quot;avatar:character/&lt;id&gt;&quot; and &quot;avatar:person/&lt;name&gt;&quot;.</extracomment>
        <translation>Отметьте персонажей, чтобы получился групповой чат: на ваше сообщение отвечают названные в нём персонажи в порядке упоминания; если никто не назван — первый (или тот, кто говорил последним, как задано на странице «Поведение»).</translation>
    </message>
    <message>
        <source>After a reply, this lists the lorebook entries it used, and the ones that matched but were left out.</source>
        <extracomment>Discord&apos;s tag beside the name of a bot&apos;s or a webhook&apos;s message (a character speaking).</extracomment>
        <translation>После ответа здесь перечислены записи лорбука, которые он использовал, и те, что совпали, но не вошли.</translation>
    </message>
    <message>
        <source>before the character&apos;s description</source>
        <extracomment>The text column of a turn starts after the avatar; notes above a turn line up with it.</extracomment>
        <translation>перед описанием персонажа</translation>
    </message>
    <message>
        <source>after the character&apos;s description</source>
        <translation>после описания персонажа</translation>
    </message>
    <message>
        <source>before the example dialogues</source>
        <translation>перед примерами диалогов</translation>
    </message>
    <message>
        <source>after the example dialogues</source>
        <translation>после примеров диалогов</translation>
    </message>
    <message>
        <source>after the last message</source>
        <translation>после последнего сообщения</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) from the end</source>
        <translation>
            <numerusform>за %n сообщение до конца</numerusform>
            <numerusform>за %n сообщения до конца</numerusform>
            <numerusform>за %n сообщений до конца</numerusform>
        </translation>
    </message>
    <message>
        <source>in the chat, {spot}, as a system message</source>
        <translation>в чате, {spot}, как системное сообщение</translation>
    </message>
    <message>
        <source>in the chat, {spot}, as a user message</source>
        <translation>в чате, {spot}, как сообщение пользователя</translation>
    </message>
    <message>
        <source>in the chat, {spot}, as an assistant message</source>
        <translation>в чате, {spot}, как сообщение ассистента</translation>
    </message>
    <message>
        <source>in the chat, {spot}, as a {role} message</source>
        <translation>в чате, {spot}, как сообщение с ролью {role}</translation>
    </message>
    <message>
        <source>in an outlet (only where a card writes {{outlet::…}})</source>
        <translation>в аутлете (только там, где карточка пишет {{outlet::…}})</translation>
    </message>
    <message>
        <source>always on</source>
        <translation>всегда включена</translation>
    </message>
    <message>
        <source>switched on by @@activate</source>
        <translation>включена через @@activate</translation>
    </message>
    <message>
        <source>a key</source>
        <translation>ключ</translation>
    </message>
    <message>
        <source>matched {keys}</source>
        <translation>совпали ключи: {keys}</translation>
    </message>
    <message numerus="yes">
        <source>{reason} and the secondary key(s) {keys}</source>
        <translation>
            <numerusform>{reason} и вторичный ключ {keys}</numerusform>
            <numerusform>{reason} и вторичные ключи {keys}</numerusform>
            <numerusform>{reason} и вторичные ключи {keys}</numerusform>
        </translation>
    </message>
    <message>
        <source>{reason} in the text of another entry</source>
        <translation>{reason} в тексте другой записи</translation>
    </message>
    <message>
        <source>No lorebook entry matched the last reply.</source>
        <translation>Ни одна запись лорбука не совпала с последним ответом.</translation>
    </message>
    <message>
        <source>(about {used} of {budget} tokens)</source>
        <translation>(около {used} из {budget} токенов)</translation>
    </message>
    <message>
        <source>Used for the last reply: {count}</source>
        <translation>Использовано в последнем ответе: {count}</translation>
    </message>
    <message>
        <source>goes {where}.</source>
        <translation>идёт {where}.</translation>
    </message>
    <message>
        <source>Matched but left out: {count}</source>
        <translation>Совпали, но не вошли: {count}</translation>
    </message>
    <message>
        <source>left out: {reason}.</source>
        <translation>не вошла: {reason}.</translation>
    </message>
    <message>
        <source>Others in the cast</source>
        <extracomment>What the greeting shown was chosen from: (character id, mode, user, the card&apos;s greetings). The saved default character and preset in use, and whether the user picked others here. Character id -&gt; (its avatar PNG, decoded as a disc); placeholders by name.</extracomment>
        <translation>Остальные в составе</translation>
    </message>
    <message>
        <source>Tick the characters who join the first one in the conversation</source>
        <translation>Отметьте персонажей, которые присоединятся к первому в разговоре</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Вы</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <source>Say something to try the character. Nothing here goes to Discord.</source>
        <translation>Напишите что-нибудь, чтобы опробовать персонажа. Отсюда ничего не уходит в Discord.</translation>
    </message>
    <message>
        <source>Lorebook entries of the last reply</source>
        <translation>Записи лорбука последнего ответа</translation>
    </message>
    <message>
        <source>Your message (Ctrl+Enter sends)</source>
        <translation>Ваше сообщение (Ctrl+Enter — отправить)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Отправить</translation>
    </message>
    <message>
        <source>The character is typing…</source>
        <translation>Персонаж печатает…</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>&amp;Перегенерировать</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>О&amp;чистить</translation>
    </message>
    <message>
        <source>&amp;Character</source>
        <translation>П&amp;ерсонаж</translation>
    </message>
    <message>
        <source>&amp;Others in the cast</source>
        <translation>&amp;Остальные в составе</translation>
    </message>
    <message>
        <source>&amp;Preset</source>
        <translation>Пре&amp;сет</translation>
    </message>
    <message>
        <source>Your &amp;name</source>
        <translation>Ваше &amp;имя</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;Сообщение</translation>
    </message>
    <message>
        <source>&amp;Lorebook entries</source>
        <translation>&amp;Записи лорбука</translation>
    </message>
    <message>
        <source>Model: {model} at {url}, as typed on the Connection page.</source>
        <translation>Модель: {model} на {url}, как указано на странице «Подключение».</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
    <message>
        <source>(no base URL)</source>
        <translation>(нет базового URL)</translation>
    </message>
    <message>
        <source>Pick a character and a preset first.</source>
        <translation>Сначала выберите персонажа и пресет.</translation>
    </message>
    <message>
        <source>Fill in the model server and model on the Connection page first.</source>
        <translation>Сначала укажите сервер модели и модель на странице «Подключение».</translation>
    </message>
    <message>
        <source>(the model stopped mid-reply)</source>
        <translation>(модель остановилась посреди ответа)</translation>
    </message>
    <message>
        <source>(stopped)</source>
        <translation>(остановлено)</translation>
    </message>
    <message>
        <source>(thinking…)</source>
        <translation>(думает…)</translation>
    </message>
    <message numerus="yes">
        <source>The model&apos;s reasoning (%n word(s); click to hide)</source>
        <extracomment>The tag&apos;s text, padded inside its coloured box (and taken off again in `_turn_text`).</extracomment>
        <translation>
            <numerusform>Рассуждения модели (%n слово; нажмите, чтобы скрыть)</numerusform>
            <numerusform>Рассуждения модели (%n слова; нажмите, чтобы скрыть)</numerusform>
            <numerusform>Рассуждения модели (%n слов; нажмите, чтобы скрыть)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The model&apos;s reasoning (%n word(s); click to show)</source>
        <translation>
            <numerusform>Рассуждения модели (%n слово; нажмите, чтобы показать)</numerusform>
            <numerusform>Рассуждения модели (%n слова; нажмите, чтобы показать)</numerusform>
            <numerusform>Рассуждения модели (%n слов; нажмите, чтобы показать)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Saving</name>
    <message>
        <source>the file {path}</source>
        <translation>файл {path}</translation>
    </message>
    <message>
        <source>the system keyring ({backend})</source>
        <translation>системное хранилище ключей ({backend})</translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <source>About</source>
        <translation>О программе</translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation>Поведение</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Персонажи</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Подключение</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Журналы</translation>
    </message>
    <message>
        <source>Lorebooks</source>
        <translation>Лорбуки</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Пресеты</translation>
    </message>
    <message>
        <source>Chat preview</source>
        <translation>Предпросмотр чата</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Расход</translation>
    </message>
    <message>
        <source>Familiar settings</source>
        <translation>Настройки Familiar</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <extracomment>Invalid fields get a red frame (the reason is written under them too, so colour is not the only cue). What saving can fail with; each `str()` is a sentence. After a save that reconnects: (the bot&apos;s state then, whether it has left it since).</extracomment>
        <translation>Разделы настроек</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Запуск…</translation>
    </message>
    <message>
        <source>Reco&amp;nnect now</source>
        <translation>&amp;Переподключить</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>Save and apply ({keys})</source>
        <translation>Сохранить и применить ({keys})</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Вернуть</translation>
    </message>
    <message>
        <source>Forget unsaved changes and show what is saved</source>
        <translation>Забыть несохранённые изменения и показать сохранённое</translation>
    </message>
    <message>
        <source>&amp;Quit Familiar</source>
        <translation>В&amp;ыйти из Familiar</translation>
    </message>
    <message>
        <source>Not set up yet: paste the bot token on the Connection page, then Save</source>
        <translation>Ещё не настроено: вставьте токен бота на странице «Подключение» и сохраните</translation>
    </message>
    <message>
        <source>Discord rejected the token in {variable}: change the variable, then start Familiar again</source>
        <translation>Discord отклонил токен из {variable}: измените переменную и запустите Familiar заново</translation>
    </message>
    <message>
        <source>Discord rejected the token: paste a new one on the Connection page, then Save</source>
        <translation>Discord отклонил токен: вставьте новый на странице «Подключение» и сохраните</translation>
    </message>
    <message>
        <source>Message Content intent is off: turn it on in the Developer Portal (your app → Bot), then press Reconnect now</source>
        <translation>Message Content intent выключен: включите его в Developer Portal (ваше приложение → Bot) и нажмите «Переподключить»</translation>
    </message>
    <message>
        <source>Settings problem: {reason}</source>
        <translation>Проблема с настройками: {reason}</translation>
    </message>
    <message>
        <source>Saved, and connected to Discord with the new settings.</source>
        <translation>Сохранено; бот подключён к Discord с новыми настройками.</translation>
    </message>
    <message>
        <source>{error} Saving here replaces that file.</source>
        <translation>{error} Сохранение здесь заменит этот файл.</translation>
    </message>
    <message>
        <source>{name} (from FAMILIAR_CHARACTER)</source>
        <translation>{name} (из FAMILIAR_CHARACTER)</translation>
    </message>
    <message>
        <source>Not saved: {problems}</source>
        <translation>Не сохранено: {problems}</translation>
    </message>
    <message>
        <source>Not saved: fix the marked fields.</source>
        <translation>Не сохранено: исправьте отмеченные поля.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Saved. Reconnecting to Discord with the new connection settings…</source>
        <translation>Сохранено. Переподключаюсь к Discord с новыми настройками подключения…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message>
        <source>Save your changes before closing?</source>
        <translation>Сохранить изменения перед закрытием?</translation>
    </message>
    <message>
        <source>Discard forgets them; Cancel keeps the window open.</source>
        <translation>«Отклонить» — забыть их; «Отмена» — оставить окно открытым.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Discord rejected the token: open Settings</source>
        <extracomment>Short, tray-sized headlines for fatal errors; the full sentence (snapshot.last_error) goes in the tooltip&apos;s second line, the notification and the settings window.</extracomment>
        <translation>Discord отклонил токен: откройте настройки</translation>
    </message>
    <message>
        <source>Message Content intent is off: see Settings</source>
        <translation>Message Content intent выключен: см. настройки</translation>
    </message>
    <message>
        <source>Settings problem: see Settings</source>
        <translation>Проблема с настройками: см. настройки</translation>
    </message>
    <message>
        <source>Resume</source>
        <extracomment>Every icon name `present()` can return (the icon files must exist for each).</extracomment>
        <translation>Возобновить</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Приостановить</translation>
    </message>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n сервер</numerusform>
            <numerusform>%n сервера</numerusform>
            <numerusform>%n серверов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shard(s)</source>
        <translation>
            <numerusform>%n шард</numerusform>
            <numerusform>%n шарда</numerusform>
            <numerusform>%n шардов</numerusform>
        </translation>
    </message>
    <message>
        <source>Connected as {user}</source>
        <translation>Подключён как {user}</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Подключён</translation>
    </message>
    <message>
        <source>{who} · daily token limit reached</source>
        <translation>{who} · дневной лимит токенов исчерпан</translation>
    </message>
    <message>
        <source>Connecting to Discord… ({shards})</source>
        <translation>Подключение к Discord… ({shards})</translation>
    </message>
    <message>
        <source>Connecting to Discord…</source>
        <translation>Подключение к Discord…</translation>
    </message>
    <message>
        <source>Paused: the bot is offline until you resume</source>
        <translation>Пауза: бот не в сети, пока вы его не возобновите</translation>
    </message>
    <message>
        <source>Not set up yet: open Settings to add a bot token</source>
        <translation>Ещё не настроено: откройте настройки и добавьте токен бота</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>Error: {reason}</source>
        <translation>Ошибка: {reason}</translation>
    </message>
    <message>
        <source>Shutting down…</source>
        <translation>Завершение работы…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Остановлен</translation>
    </message>
    <message numerus="yes">
        <source>{connected}/%n shards connected</source>
        <translation>
            <numerusform>Подключено шардов: {connected}/%n</numerusform>
            <numerusform>Подключено шардов: {connected}/%n</numerusform>
            <numerusform>Подключено шардов: {connected}/%n</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Переподключение</translation>
    </message>
    <message>
        <source>Reconnecting now</source>
        <translation>Переподключение сейчас</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Переподключение через %n с</numerusform>
            <numerusform>Переподключение через %n с</numerusform>
            <numerusform>Переподключение через %n с</numerusform>
        </translation>
    </message>
    <message>
        <source>{status} (attempt {number})</source>
        <translation>{status} (попытка {number})</translation>
    </message>
</context>
<context>
    <name>TextListEditor</name>
    <message>
        <source>Remove</source>
        <translation>Убрать</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(пусто)</translation>
    </message>
    <message>
        <source>Greetings</source>
        <translation>Приветствия</translation>
    </message>
    <message>
        <source>The text of this greeting</source>
        <translation>Текст этого приветствия</translation>
    </message>
    <message>
        <source>Text of the selected greeting</source>
        <translation>Текст выбранного приветствия</translation>
    </message>
    <message>
        <source>Add greeting</source>
        <translation>Добавить приветствие</translation>
    </message>
    <message>
        <source>Remove the selected greeting</source>
        <translation>Убрать выбранное приветствие</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Starting…</source>
        <extracomment>Names of the menu actions (QAction objectName), for `menu &lt;name&gt;` over the single-instance socket.</extracomment>
        <translation>Запуск…</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>Переподключить</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Приостановить</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Открыть папку журналов</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Запускать при входе в систему</translation>
    </message>
    <message>
        <source>About Familiar</source>
        <translation>О Familiar</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>No file manager is set up to open folders here. The logs are in:</source>
        <translation>Здесь не настроен файловый менеджер для открытия папок. Журналы находятся в:</translation>
    </message>
    <message>
        <source>Your AI character&apos;s Discord bot, in the system tray.</source>
        <translation>Discord-бот вашего ИИ-персонажа — в системном трее.</translation>
    </message>
    <message>
        <source>Logs:</source>
        <translation>Журналы:</translation>
    </message>
</context>
<context>
    <name>UsagePage</name>
    <message>
        <source>No tokens counted yet.</source>
        <extracomment>How many days the chart and the &quot;Last 30 days&quot; columns cover.</extracomment>
        <translation>Токены пока не подсчитаны.</translation>
    </message>
    <message>
        <source>Point at a bar, or select the chart and use the arrow keys, to read its day and tokens.</source>
        <translation>Наведите на столбик или выберите диаграмму и используйте стрелки, чтобы увидеть день и токены.</translation>
    </message>
    <message numerus="yes">
        <source>{count} token(s)</source>
        <translation>
            <numerusform>{count} токен</numerusform>
            <numerusform>{count} токена</numerusform>
            <numerusform>{count} токенов</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <extracomment>Which UTC day is &quot;today&quot; (tests pin it).</extracomment>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <source>Count again from the history database</source>
        <translation>Пересчитать по базе истории</translation>
    </message>
    <message numerus="yes">
        <source>Tokens a day, last %n days (UTC)</source>
        <translation>
            <numerusform>Токены по дням, последние %n день (UTC)</numerusform>
            <numerusform>Токены по дням, последние %n дня (UTC)</numerusform>
            <numerusform>Токены по дням, последние %n дней (UTC)</numerusform>
        </translation>
    </message>
    <message>
        <source>Tokens by server</source>
        <translation>Токены по серверам</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>Tokens by person (the most first)</source>
        <translation>Токены по людям (сначала самые активные)</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Человек</translation>
    </message>
    <message numerus="yes">
        <source>Last %n days (UTC)</source>
        <translation>
            <numerusform>Последние %n день (UTC)</numerusform>
            <numerusform>Последние %n дня (UTC)</numerusform>
            <numerusform>Последние %n дней (UTC)</numerusform>
        </translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Серверы</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Люди</translation>
    </message>
    <message>
        <source>Tokens are what the model read and wrote for the bot&apos;s replies, counted per UTC day. Daily limits and the price per 1M tokens are set on the Behaviour page.</source>
        <translation>Токены — это то, что модель прочитала и написала для ответов бота, с подсчётом за сутки по UTC. Дневные лимиты и цена за 1 млн токенов задаются на странице «Поведение».</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Подсчёт…</translation>
    </message>
    <message>
        <source>As of {time} UTC.</source>
        <translation>На {time} UTC.</translation>
    </message>
    <message>
        <source>Today (UTC)</source>
        <translation>Сегодня (UTC)</translation>
    </message>
    <message>
        <source>Today (UTC): {tokens}</source>
        <translation>Сегодня (UTC): {tokens}</translation>
    </message>
    <message>
        <source>{tokens} in all.</source>
        <translation>Всего {tokens}.</translation>
    </message>
    <message numerus="yes">
        <source>Cost: {today} today, {period} over %n days (at {price} per 1M tokens).</source>
        <translation>
            <numerusform>Стоимость: {today} сегодня, {period} за %n день (по {price} за 1 млн токенов).</numerusform>
            <numerusform>Стоимость: {today} сегодня, {period} за %n дня (по {price} за 1 млн токенов).</numerusform>
            <numerusform>Стоимость: {today} сегодня, {period} за %n дней (по {price} за 1 млн токенов).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{tokens} in %n days; the most on {day}.</source>
        <translation>
            <numerusform>{tokens} за %n день; больше всего — {day}.</numerusform>
            <numerusform>{tokens} за %n дня; больше всего — {day}.</numerusform>
            <numerusform>{tokens} за %n дней; больше всего — {day}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Direct messages</source>
        <translation>Личные сообщения</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message numerus="yes">
        <source>Last %n days</source>
        <translation>
            <numerusform>Последние %n день</numerusform>
            <numerusform>Последние %n дня</numerusform>
            <numerusform>Последние %n дней</numerusform>
        </translation>
    </message>
</context>
</TS>
