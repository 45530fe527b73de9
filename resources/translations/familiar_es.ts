<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AboutPage</name>
    <message>
        <source>Discord Developer Portal (your bot, its token and intents)</source>
        <translation>Discord Developer Portal (tu bot, su token y sus intents)</translation>
    </message>
    <message>
        <source>Character Card V2 spec</source>
        <translation>Especificación de Character Card V2</translation>
    </message>
    <message>
        <source>Character Card V3 spec</source>
        <translation>Especificación de Character Card V3</translation>
    </message>
    <message>
        <source>OpenRouter models</source>
        <translation>Modelos de OpenRouter</translation>
    </message>
    <message>
        <source>Your AI character&apos;s Discord bot, in the system tray.</source>
        <translation>El bot de Discord de tu personaje de IA, en la bandeja del sistema.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Settings location</source>
        <translation>Ubicación de los ajustes</translation>
    </message>
    <message>
        <source>Open the settings folder</source>
        <translation>Abrir la carpeta de ajustes</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Personajes</translation>
    </message>
    <message>
        <source>Characters location</source>
        <translation>Ubicación de los personajes</translation>
    </message>
    <message>
        <source>Open the characters folder</source>
        <translation>Abrir la carpeta de personajes</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Preajustes</translation>
    </message>
    <message>
        <source>Presets location</source>
        <translation>Ubicación de los preajustes</translation>
    </message>
    <message>
        <source>Open the presets folder</source>
        <translation>Abrir la carpeta de preajustes</translation>
    </message>
    <message>
        <source>Conversation memory</source>
        <translation>Memoria de conversaciones</translation>
    </message>
    <message>
        <source>Conversation memory location</source>
        <translation>Ubicación de la memoria de conversaciones</translation>
    </message>
    <message>
        <source>Open the conversation memory folder</source>
        <translation>Abrir la carpeta de la memoria de conversaciones</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>Logs location</source>
        <translation>Ubicación de los registros</translation>
    </message>
    <message>
        <source>Open the logs folder</source>
        <translation>Abrir la carpeta de registros</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Secrets: …</source>
        <translation>Secretos: …</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Folders in use</source>
        <translation>Carpetas en uso</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>Enlaces</translation>
    </message>
    <message>
        <source>System default ({language})</source>
        <translation>Predeterminado del sistema ({language})</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>Could not keep the language: {error}</source>
        <translation>No se pudo guardar el idioma: {error}</translation>
    </message>
    <message>
        <source>Familiar will use this language from its next start.</source>
        <translation>Familiar usará este idioma a partir del próximo inicio.</translation>
    </message>
    <message>
        <source>Token and API key are kept in: {where}.</source>
        <translation>El token y la clave de API se guardan en: {where}.</translation>
    </message>
</context>
<context>
    <name>BehaviourPage</name>
    <message>
        <source>Everyone</source>
        <translation>Todo el mundo</translation>
    </message>
    <message>
        <source>Only allowed people (and the bot&apos;s owner)</source>
        <translation>Solo las personas permitidas (y el dueño del bot)</translation>
    </message>
    <message>
        <source>Nobody (but the owner)</source>
        <translation>Nadie (salvo el dueño)</translation>
    </message>
    <message>
        <source>When someone @&amp;mentions the bot</source>
        <translation>Cuando alguien @&amp;menciona al bot</translation>
    </message>
    <message>
        <source>When someone &amp;replies to one of its messages</source>
        <translation>Cuando alguien &amp;responde a uno de sus mensajes</translation>
    </message>
    <message>
        <source>In &amp;direct messages</source>
        <translation>En mensajes &amp;directos</translation>
    </message>
    <message>
        <source>No channel: the bot only answers when a trigger above applies.</source>
        <translation>Ningún canal: el bot solo responde cuando se cumple una de las condiciones de arriba.</translation>
    </message>
    <message>
        <source>Empty: every server the bot is in.</source>
        <translation>Vacío: todos los servidores en los que está el bot.</translation>
    </message>
    <message>
        <source>Empty: every channel it can see.</source>
        <translation>Vacío: todos los canales que puede ver.</translation>
    </message>
    <message>
        <source>Empty: everyone who is not blocked.</source>
        <translation>Vacío: todas las personas que no estén bloqueadas.</translation>
    </message>
    <message>
        <source>Allowed people</source>
        <translation>Personas permitidas</translation>
    </message>
    <message>
        <source>No one is blocked.</source>
        <translation>No hay nadie bloqueado.</translation>
    </message>
    <message>
        <source>Blocked people</source>
        <translation>Personas bloqueadas</translation>
    </message>
    <message>
        <source>Empty: any role.</source>
        <translation>Vacío: cualquier rol.</translation>
    </message>
    <message>
        <source>Allowed roles</source>
        <translation>Roles permitidos</translation>
    </message>
    <message>
        <source>No role is blocked.</source>
        <translation>No hay ningún rol bloqueado.</translation>
    </message>
    <message>
        <source>Blocked roles</source>
        <translation>Roles bloqueados</translation>
    </message>
    <message>
        <source>None: only people with Manage Server (and the bot&apos;s owner).</source>
        <translation>Ninguno: solo quien tenga Gestionar servidor (y el dueño del bot).</translation>
    </message>
    <message>
        <source>Admin roles</source>
        <translation>Roles de administración</translation>
    </message>
    <message>
        <source>Re-s&amp;ync commands</source>
        <translation>Re&amp;sincronizar comandos</translation>
    </message>
    <message>
        <source>Not shown</source>
        <translation>No se muestra</translation>
    </message>
    <message>
        <source>Daily limits reached</source>
        <translation>Límites diarios alcanzados</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>No cooldown</source>
        <translation>Sin espera</translation>
    </message>
    <message>
        <source>First greeting</source>
        <translation>El primer saludo</translation>
    </message>
    <message>
        <source>A random greeting</source>
        <translation>Un saludo al azar</translation>
    </message>
    <message>
        <source>No greeting</source>
        <translation>Sin saludo</translation>
    </message>
    <message>
        <source>Show the model&apos;s reasoning (as a s&amp;poiler)</source>
        <translation>Mostrar el razonamiento del modelo (como s&amp;poiler)</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Automático</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>No</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguna</translation>
    </message>
    <message>
        <source> messages</source>
        <translation> mensajes</translation>
    </message>
    <message>
        <source> % of the context</source>
        <translation> % del contexto</translation>
    </message>
    <message>
        <source>Speak as the character (&amp;webhooks)</source>
        <translation>Hablar como el personaje (&amp;webhooks)</translation>
    </message>
    <message>
        <source>S&amp;tream replies</source>
        <translation>Respuestas en &amp;tiempo real</translation>
    </message>
    <message>
        <source>The channel&apos;s first character</source>
        <translation>El primer personaje del canal</translation>
    </message>
    <message>
        <source>The character who spoke last</source>
        <translation>El personaje que habló por último</translation>
    </message>
    <message>
        <source>Let characters tal&amp;k to each other</source>
        <translation>Dejar que los personajes &amp;hablen entre sí</translation>
    </message>
    <message>
        <source>Re-invite the bot with the link on the Connection page, or give its role Manage Webhooks.</source>
        <translation>Vuelve a invitar al bot con el enlace de la página Conexión o da a su rol el permiso Gestionar webhooks.</translation>
    </message>
    <message>
        <source>&amp;Notify me when the bot goes offline, comes back, or needs me</source>
        <translation>&amp;Avisarme cuando el bot se desconecte, vuelva o me necesite</translation>
    </message>
    <message>
        <source>Start Familiar when I &amp;log in</source>
        <translation>Iniciar Familiar al iniciar &amp;sesión</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Responder</translation>
    </message>
    <message>
        <source>&amp;Always reply in</source>
        <translation>Responder &amp;siempre en</translation>
    </message>
    <message>
        <source>Channels where every message gets an answer, trigger or not.</source>
        <translation>Canales donde cada mensaje recibe respuesta, haya condición o no.</translation>
    </message>
    <message>
        <source>Only in &amp;servers</source>
        <translation>Solo en &amp;servidores</translation>
    </message>
    <message>
        <source>Only in &amp;channels</source>
        <translation>Solo en &amp;canales</translation>
    </message>
    <message>
        <source>Empty allowed lists mean everyone. Blocked wins. The bot&apos;s owner (from the Discord application) is always allowed.</source>
        <translation>Las listas de permitidos vacías significan todo el mundo. Bloquear tiene prioridad. El dueño del bot (el de la aplicación de Discord) siempre está permitido.</translation>
    </message>
    <message>
        <source>People and roles are typed as IDs (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID: on a person, or on a role under Server Settings → Roles).</source>
        <translation>Las personas y los roles se escriben como ID (en Discord: Ajustes → Avanzado → Modo desarrollador; luego clic derecho → Copiar ID: sobre una persona, o sobre un rol en Ajustes del servidor → Roles).</translation>
    </message>
    <message>
        <source>All&amp;owed people</source>
        <translation>Personas &amp;permitidas</translation>
    </message>
    <message>
        <source>Direct messages &amp;from</source>
        <translation>Mensajes directos &amp;de</translation>
    </message>
    <message>
        <source>Can use /character set, /cast and /reset, besides people with Manage Server.</source>
        <translation>Pueden usar /character set, /cast y /reset, además de quien tenga Gestionar servidor.</translation>
    </message>
    <message>
        <source>Slash commands</source>
        <translation>Comandos de barra</translation>
    </message>
    <message>
        <source>Discord&apos;s slash commands are synced by themselves when they change; use this if they look out of date.</source>
        <translation>Los comandos de barra de Discord se sincronizan solos cuando cambian; usa esto si parecen desactualizados.</translation>
    </message>
    <message>
        <source>Per-user &amp;cooldown</source>
        <translation>&amp;Espera por usuario</translation>
    </message>
    <message>
        <source>After answering someone, wait this long before answering them again.</source>
        <translation>Tras responder a alguien, esperar este tiempo antes de volver a responderle.</translation>
    </message>
    <message>
        <source>Limits count tokens per UTC day; when one is reached the bot says it is resting until midnight UTC.</source>
        <translation>Los límites cuentan tokens por día UTC; cuando se alcanza uno, el bot dice que descansa hasta la medianoche UTC.</translation>
    </message>
    <message>
        <source>Per person a day</source>
        <translation>Por persona al día</translation>
    </message>
    <message>
        <source>Per ser&amp;ver a day</source>
        <translation>Por ser&amp;vidor al día</translation>
    </message>
    <message>
        <source>In total a day</source>
        <translation>En total al día</translation>
    </message>
    <message>
        <source>Cost per 1M tokens</source>
        <translation>Coste por 1M de tokens</translation>
    </message>
    <message>
        <source>In your currency, to show what the tokens cost on the Usage page.</source>
        <translation>En tu moneda, para mostrar lo que cuestan los tokens en la página Uso.</translation>
    </message>
    <message>
        <source>&amp;Greeting</source>
        <translation>&amp;Saludo</translation>
    </message>
    <message>
        <source>What the character says first in a channel where it has not spoken yet, or after a /reset.</source>
        <translation>Lo primero que dice el personaje en un canal donde aún no ha hablado, o tras un /reset.</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Razonamiento</translation>
    </message>
    <message>
        <source>Reasoning models think before they answer. Off: only the answer is posted.</source>
        <translation>Los modelos de razonamiento piensan antes de responder. Desactivado: solo se publica la respuesta.</translation>
    </message>
    <message>
        <source>Send &amp;images to the model</source>
        <translation>Enviar &amp;imágenes al modelo</translation>
    </message>
    <message>
        <source>Auto: pictures people post go to the model, until it answers that it cannot take images; then it gets a short note instead.</source>
        <translation>Automático: las imágenes que publica la gente van al modelo hasta que responda que no admite imágenes; entonces recibe una breve nota en su lugar.</translation>
    </message>
    <message>
        <source>Images &amp;per reply</source>
        <translation>Imágenes &amp;por respuesta</translation>
    </message>
    <message>
        <source>At most this many pictures, newest first.</source>
        <translation>Como mucho esta cantidad de imágenes, las más recientes primero.</translation>
    </message>
    <message>
        <source>Name and avatar</source>
        <translation>Nombre y avatar</translation>
    </message>
    <message>
        <source>Each character posts under its own name and avatar through a channel webhook. Needs the Manage Webhooks permission (the invite link asks for it); in direct messages, and where it is missing, the bot account posts.</source>
        <translation>Cada personaje publica con su propio nombre y avatar mediante un webhook del canal. Necesita el permiso Gestionar webhooks (el enlace de invitación lo pide); en mensajes directos, y donde falte, publica la cuenta del bot.</translation>
    </message>
    <message>
        <source>Streaming</source>
        <translation>Tiempo real</translation>
    </message>
    <message>
        <source>The reply appears at once and grows as the model writes (edited at most once a second).</source>
        <translation>La respuesta aparece enseguida y crece a medida que el modelo escribe (se edita como mucho una vez por segundo).</translation>
    </message>
    <message>
        <source>A m&amp;ention that names no one is answered by</source>
        <translation>Una m&amp;ención que no nombra a nadie la responde</translation>
    </message>
    <message>
        <source>Between characters</source>
        <translation>Entre personajes</translation>
    </message>
    <message>
        <source>A character&apos;s reply that names another character of the channel is answered by it.</source>
        <translation>Si la respuesta de un personaje nombra a otro personaje del canal, ese otro responde.</translation>
    </message>
    <message>
        <source>Replies in a row without a &amp;human</source>
        <translation>Respuestas seguidas sin un &amp;humano</translation>
    </message>
    <message>
        <source>Then the characters wait until someone writes.</source>
        <translation>Después, los personajes esperan a que alguien escriba.</translation>
    </message>
    <message>
        <source>Scan &amp;depth</source>
        <translation>&amp;Profundidad de búsqueda</translation>
    </message>
    <message>
        <source>How many recent messages are searched for lorebook keys (when a lorebook sets none).</source>
        <translation>Cuántos mensajes recientes se revisan en busca de claves del lorebook (si el lorebook no indica otra cosa).</translation>
    </message>
    <message>
        <source>&amp;Budget</source>
        <translation>&amp;Presupuesto</translation>
    </message>
    <message>
        <source>The most room lorebook entries may take in the prompt (when a lorebook sets none).</source>
        <translation>El espacio máximo que pueden ocupar las entradas del lorebook en el prompt (si el lorebook no indica otra cosa).</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notificaciones</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Iniciar al iniciar sesión</translation>
    </message>
    <message>
        <source>When to reply</source>
        <translation>Cuándo responder</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <source>Who may use the bot</source>
        <translation>Quién puede usar el bot</translation>
    </message>
    <message>
        <source>Pace</source>
        <translation>Ritmo</translation>
    </message>
    <message>
        <source>How much</source>
        <translation>Cuánto</translation>
    </message>
    <message>
        <source>Character</source>
        <translation>Personaje</translation>
    </message>
    <message>
        <source>Characters in Discord</source>
        <translation>Personajes en Discord</translation>
    </message>
    <message>
        <source>Lorebooks</source>
        <translation>Lorebooks</translation>
    </message>
    <message>
        <source>App</source>
        <translation>Aplicación</translation>
    </message>
    <message numerus="yes">
        <source>The lists offer the %n server(s) the bot is in now; you can also type an ID (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID).</source>
        <translation>
            <numerusform>Las listas ofrecen el servidor en el que está ahora el bot; también puedes escribir un ID (en Discord: Ajustes → Avanzado → Modo desarrollador; luego clic derecho → Copiar ID).</numerusform>
            <numerusform>Las listas ofrecen los %n servidores en los que está ahora el bot; también puedes escribir un ID (en Discord: Ajustes → Avanzado → Modo desarrollador; luego clic derecho → Copiar ID).</numerusform>
        </translation>
    </message>
    <message>
        <source>Connect the bot to pick servers and channels from a list, or type IDs (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID).</source>
        <translation>Conecta el bot para elegir servidores y canales de una lista, o escribe los ID (en Discord: Ajustes → Avanzado → Modo desarrollador; luego clic derecho → Copiar ID).</translation>
    </message>
    <message>
        <source>Commands will be synced again now.</source>
        <translation>Los comandos se sincronizarán de nuevo ahora.</translation>
    </message>
    <message>
        <source>Commands will be synced again when the bot connects.</source>
        <translation>Los comandos se sincronizarán de nuevo cuando el bot se conecte.</translation>
    </message>
    <message>
        <source>Without Manage Webhooks (characters speak there as the bot): {channels}</source>
        <translation>Sin Gestionar webhooks (allí los personajes hablan como el bot): {channels}</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> tokens</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Sin límite</translation>
    </message>
</context>
<context>
    <name>ChannelCasts</name>
    <message>
        <source>Every channel uses the default character alone.</source>
        <extracomment>The &quot; (id)&quot; that ends a known channel&apos;s label: the table leaves it to the tooltip. The Channel column takes at most this share of the table&apos;s width; the cast the rest.</extracomment>
        <translation>Todos los canales usan solo el personaje predeterminado.</translation>
    </message>
    <message>
        <source>A channel&apos;s cast answers together: a message that names a character is answered by it; a mention naming no one, by the first.</source>
        <translation>El reparto de un canal responde en conjunto: un mensaje que nombra a un personaje lo responde ese personaje; una mención que no nombra a nadie, el primero.</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Cast</source>
        <translation>Reparto</translation>
    </message>
    <message>
        <source>Casts per channel</source>
        <translation>Repartos por canal</translation>
    </message>
    <message>
        <source>Channel whose cast to edit</source>
        <translation>Canal cuyo reparto editar</translation>
    </message>
    <message>
        <source>Character to add, remove or make first</source>
        <translation>Personaje que añadir, quitar o poner primero</translation>
    </message>
    <message>
        <source>Add to cast</source>
        <translation>Añadir al reparto</translation>
    </message>
    <message>
        <source>Add the character to that channel&apos;s cast</source>
        <translation>Añadir el personaje al reparto de ese canal</translation>
    </message>
    <message>
        <source>Remove from cast</source>
        <translation>Quitar del reparto</translation>
    </message>
    <message>
        <source>Remove the character from that channel&apos;s cast</source>
        <translation>Quitar el personaje del reparto de ese canal</translation>
    </message>
    <message>
        <source>Make first</source>
        <translation>Poner primero</translation>
    </message>
    <message>
        <source>Make the character first in that channel&apos;s cast</source>
        <translation>Poner el personaje en primer lugar en el reparto de ese canal</translation>
    </message>
    <message>
        <source>Remove channel</source>
        <translation>Quitar canal</translation>
    </message>
    <message>
        <source>Remove the selected channel&apos;s cast</source>
        <translation>Quitar el reparto del canal seleccionado</translation>
    </message>
    <message>
        <source>{character} is already in the cast of {channel}.</source>
        <translation>{character} ya está en el reparto de {channel}.</translation>
    </message>
    <message>
        <source>Select a channel in the table first.</source>
        <translation>Primero selecciona un canal en la tabla.</translation>
    </message>
    <message>
        <source>{character} is not in the cast of {channel}.</source>
        <translation>{character} no está en el reparto de {channel}.</translation>
    </message>
    <message>
        <source>Pick a channel (or type its ID) and a character.</source>
        <translation>Elige un canal (o escribe su ID) y un personaje.</translation>
    </message>
    <message>
        <source>{id} (not seen by the bot right now)</source>
        <translation>{id} (el bot no lo ve ahora)</translation>
    </message>
    <message>
        <source>{name} (missing)</source>
        <translation>{name} (no existe)</translation>
    </message>
</context>
<context>
    <name>CharacterForm</name>
    <message>
        <source>must be a number (Unix time in seconds) or empty</source>
        <translation>debe ser un número (tiempo Unix en segundos) o estar vacío</translation>
    </message>
    <message>
        <source>This is the built-in character: it cannot be changed. Press Duplicate to make your own copy.</source>
        <translation>Este es el personaje incorporado: no se puede cambiar. Pulsa Duplicar para hacer tu propia copia.</translation>
    </message>
    <message>
        <source>Avatar</source>
        <translation>Avatar</translation>
    </message>
    <message>
        <source>Change a&amp;vatar…</source>
        <translation>Cambiar a&amp;vatar…</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <source>What the character is called</source>
        <translation>Cómo se llama el personaje</translation>
    </message>
    <message>
        <source>Nic&amp;kname</source>
        <translation>&amp;Apodo</translation>
    </message>
    <message>
        <source>A shorter name some tools show (V3 cards)</source>
        <translation>Un nombre más corto que muestran algunas herramientas (tarjetas V3)</translation>
    </message>
    <message>
        <source>Ta&amp;gs</source>
        <translation>&amp;Etiquetas</translation>
    </message>
    <message>
        <source>Separated by commas.</source>
        <translation>Separadas por comas.</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Descripción</translation>
    </message>
    <message>
        <source>&amp;Personality</source>
        <translation>&amp;Personalidad</translation>
    </message>
    <message>
        <source>&amp;Scenario</source>
        <translation>Es&amp;cenario</translation>
    </message>
    <message>
        <source>Greetings</source>
        <translation>Saludos</translation>
    </message>
    <message>
        <source>&amp;First message</source>
        <translation>&amp;Primer mensaje</translation>
    </message>
    <message>
        <source>&amp;Alternate greetings</source>
        <translation>Saludos &amp;alternativos</translation>
    </message>
    <message>
        <source>&amp;Group-only greetings</source>
        <translation>Saludos solo para &amp;grupos</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>S&amp;ystem prompt</source>
        <translation>Prompt del &amp;sistema</translation>
    </message>
    <message>
        <source>Empty: Familiar writes one from the description. {{original}} inserts that default.</source>
        <translation>Vacío: Familiar escribe uno a partir de la descripción. {{original}} inserta ese predeterminado.</translation>
    </message>
    <message>
        <source>Post-history &amp;instructions</source>
        <translation>&amp;Instrucciones tras el historial</translation>
    </message>
    <message>
        <source>Sent after the conversation, just before the reply.</source>
        <translation>Se envían después de la conversación, justo antes de la respuesta.</translation>
    </message>
    <message>
        <source>&amp;Example dialogues</source>
        <translation>&amp;Diálogos de ejemplo</translation>
    </message>
    <message>
        <source>Separate example conversations with a line holding &lt;START&gt;.</source>
        <translation>Separa las conversaciones de ejemplo con una línea que contenga &lt;START&gt;.</translation>
    </message>
    <message>
        <source>Creator</source>
        <translation>Creador</translation>
    </message>
    <message>
        <source>C&amp;reator</source>
        <translation>C&amp;reador</translation>
    </message>
    <message>
        <source>Character &amp;version</source>
        <translation>&amp;Versión del personaje</translation>
    </message>
    <message>
        <source>Creator &amp;notes</source>
        <translation>&amp;Notas del creador</translation>
    </message>
    <message>
        <source>Notes by &amp;language (JSON)</source>
        <translation>Notas por &amp;idioma (JSON)</translation>
    </message>
    <message>
        <source>For example {&quot;fr&quot;: &quot;Bonjour&quot;}; empty for none.</source>
        <translation>Por ejemplo {&quot;fr&quot;: &quot;Bonjour&quot;}; vacío si no hay ninguna.</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>&amp;Fuentes</translation>
    </message>
    <message>
        <source>One URL or id per line.</source>
        <translation>Una URL o un id por línea.</translation>
    </message>
    <message>
        <source>Created (Unix &amp;time)</source>
        <translation>Creado (&amp;tiempo Unix)</translation>
    </message>
    <message>
        <source>&amp;Modified (Unix time)</source>
        <translation>&amp;Modificado (tiempo Unix)</translation>
    </message>
    <message>
        <source>Set when you save.</source>
        <translation>Se fija al guardar.</translation>
    </message>
    <message>
        <source>Lorebook &amp;&amp; extras</source>
        <translation>Lorebook &amp;&amp; extras</translation>
    </message>
    <message>
        <source>Export lore&amp;book…</source>
        <translation>Exportar lore&amp;book…</translation>
    </message>
    <message>
        <source>Save this card&apos;s lorebook as a World Info file SillyTavern can import.</source>
        <translation>Guardar el lorebook de esta tarjeta como archivo World Info que SillyTavern puede importar.</translation>
    </message>
    <message>
        <source>&amp;Lorebook (JSON)</source>
        <translation>&amp;Lorebook (JSON)</translation>
    </message>
    <message>
        <source>The card&apos;s character_book, kept as is. Lorebooks of their own are on the Lorebooks page.</source>
        <translation>El character_book de la tarjeta, tal cual. Los lorebooks independientes están en la página Lorebooks.</translation>
    </message>
    <message>
        <source>E&amp;xtensions (JSON)</source>
        <translation>E&amp;xtensiones (JSON)</translation>
    </message>
    <message>
        <source>Data other tools keep in the card.</source>
        <translation>Datos que otras herramientas guardan en la tarjeta.</translation>
    </message>
    <message>
        <source>A&amp;ssets (JSON)</source>
        <translation>&amp;Recursos (JSON)</translation>
    </message>
    <message>
        <source>V3 assets list; empty for none.</source>
        <translation>Lista de recursos de V3; vacío si no hay ninguno.</translation>
    </message>
</context>
<context>
    <name>CharactersPage</name>
    <message>
        <source>Character cards (*.png *.json)</source>
        <translation>Tarjetas de personaje (*.png *.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</source>
        <translation>Imágenes (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</translation>
    </message>
    <message>
        <source>World Info for SillyTavern (*.json)</source>
        <extracomment>The errors an action on the character files can end with; each `str()` is a sentence. Suffixes accepted when files are dropped on the window.</extracomment>
        <translation>World Info para SillyTavern (*.json)</translation>
    </message>
    <message>
        <source>This card has no lorebook of its own.</source>
        <extracomment>The lorebook summary waits for a pause in typing (its JSON is read in a worker thread). List pictures drawn per loop pass when none needs decoding (a few ms on a slow machine).</extracomment>
        <translation>Esta tarjeta no tiene lorebook propio.</translation>
    </message>
    <message numerus="yes">
        <source>This card&apos;s own lorebook has %n entry(s); it is used whenever this character answers.</source>
        <translation>
            <numerusform>El lorebook propio de esta tarjeta tiene %n entrada; se usa siempre que responde este personaje.</numerusform>
            <numerusform>El lorebook propio de esta tarjeta tiene %n entradas; se usa siempre que responde este personaje.</numerusform>
        </translation>
    </message>
    <message>
        <source>The lorebook is not valid JSON yet (the field says where).</source>
        <translation>El lorebook aún no es JSON válido (el campo indica dónde).</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Personajes</translation>
    </message>
    <message>
        <source>Ne&amp;w</source>
        <translation>&amp;Nuevo</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importar…</translation>
    </message>
    <message>
        <source>Import PNG or JSON character cards (V1, V2, V3); you can also drop them on this window.</source>
        <translation>Importar tarjetas de personaje PNG o JSON (V1, V2, V3); también puedes soltarlas en esta ventana.</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplicar</translation>
    </message>
    <message>
        <source>Dele&amp;te…</source>
        <translation>&amp;Eliminar…</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xportar</translation>
    </message>
    <message>
        <source>PNG card (V3, readable by V2 tools)…</source>
        <translation>Tarjeta PNG (V3, legible por herramientas V2)…</translation>
    </message>
    <message>
        <source>JSON card (V3)…</source>
        <translation>Tarjeta JSON (V3)…</translation>
    </message>
    <message>
        <source>JSON card (V2)…</source>
        <translation>Tarjeta JSON (V2)…</translation>
    </message>
    <message>
        <source>De&amp;fault character</source>
        <translation>Personaje &amp;predeterminado</translation>
    </message>
    <message>
        <source>Casts per &amp;channel</source>
        <translation>Repartos por &amp;canal</translation>
    </message>
    <message>
        <source>Who answers</source>
        <translation>Quién responde</translation>
    </message>
    <message>
        <source>Not saved: fix the marked fields of this character.</source>
        <translation>No se guardó: corrige los campos marcados de este personaje.</translation>
    </message>
    <message>
        <source>The environment variable {variable} chooses the default character: {name}. It wins over what is saved here; the casts per channel still apply.</source>
        <translation>La variable de entorno {variable} elige el personaje predeterminado: {name}. Tiene prioridad sobre lo guardado aquí; los repartos por canal siguen aplicándose.</translation>
    </message>
    <message>
        <source>The environment variable {variable} is “{value}”, but it names no character Familiar can use (the status line above says why). It wins over what is saved here.</source>
        <translation>La variable de entorno {variable} vale «{value}», pero no nombra ningún personaje que Familiar pueda usar (la línea de estado de arriba dice por qué). Tiene prioridad sobre lo guardado aquí.</translation>
    </message>
    <message>
        <source>Set by the environment variable {variable}</source>
        <translation>Definido por la variable de entorno {variable}</translation>
    </message>
    <message>
        <source>“{value}” (not usable)</source>
        <translation>«{value}» (no se puede usar)</translation>
    </message>
    <message>
        <source>“{name}” has no lorebook in its card.</source>
        <translation>«{name}» no tiene lorebook en su tarjeta.</translation>
    </message>
    <message>
        <source>Export the card&apos;s lorebook</source>
        <translation>Exportar el lorebook de la tarjeta</translation>
    </message>
    <message>
        <source>Exported the lorebook of “{name}” to {path}; SillyTavern can import it as World Info.</source>
        <translation>Se exportó el lorebook de «{name}» a {path}; SillyTavern puede importarlo como World Info.</translation>
    </message>
    <message>
        <source>Choose an avatar</source>
        <translation>Elegir un avatar</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is not an image Familiar can read.</source>
        <translation>«{file}» no es una imagen que Familiar pueda leer.</translation>
    </message>
    <message>
        <source>New avatar: press Save to keep it.</source>
        <translation>Avatar nuevo: pulsa Guardar para conservarlo.</translation>
    </message>
    <message>
        <source>New character</source>
        <translation>Personaje nuevo</translation>
    </message>
    <message>
        <source>Added “{name}”: give it a name and a description, then Save.</source>
        <translation>Se añadió «{name}»: ponle un nombre y una descripción y luego guarda.</translation>
    </message>
    <message>
        <source>Made “{name}”, a copy you can edit.</source>
        <translation>Se creó «{name}», una copia que puedes editar.</translation>
    </message>
    <message>
        <source>Delete character</source>
        <translation>Eliminar personaje</translation>
    </message>
    <message>
        <source>Delete “{name}”?</source>
        <translation>¿Eliminar «{name}»?</translation>
    </message>
    <message>
        <source>Its card and avatar files are removed. This cannot be undone (export it first to keep a copy).</source>
        <translation>Se borran los archivos de su tarjeta y su avatar. No se puede deshacer (expórtalo antes para conservar una copia).</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>Se eliminó «{name}».</translation>
    </message>
    <message>
        <source>Import character cards</source>
        <translation>Importar tarjetas de personaje</translation>
    </message>
    <message>
        <source>Imported {names}.</source>
        <translation>Importado: {names}.</translation>
    </message>
    <message>
        <source>PNG card (*.png)</source>
        <translation>Tarjeta PNG (*.png)</translation>
    </message>
    <message>
        <source>JSON card (*.json)</source>
        <translation>Tarjeta JSON (*.json)</translation>
    </message>
    <message>
        <source>Export character</source>
        <translation>Exportar personaje</translation>
    </message>
    <message>
        <source>Exported “{name}” to {path}.</source>
        <translation>Se exportó «{name}» a {path}.</translation>
    </message>
    <message>
        <source>Fix the marked fields first.</source>
        <translation>Primero corrige los campos marcados.</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Your OpenAI key (sk-…)</source>
        <extracomment>(name, base URL or None for &quot;type your own&quot;, what the key field should say); the words are translated where shown, the providers&apos; names are names.</extracomment>
        <translation>Tu clave de OpenAI (sk-…)</translation>
    </message>
    <message>
        <source>Your OpenRouter key (sk-or-…)</source>
        <translation>Tu clave de OpenRouter (sk-or-…)</translation>
    </message>
    <message>
        <source>Leave empty: Ollama needs no key</source>
        <translation>Déjalo vacío: Ollama no necesita clave</translation>
    </message>
    <message>
        <source>Leave empty: LM Studio needs no key</source>
        <translation>Déjalo vacío: LM Studio no necesita clave</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Personalizado</translation>
    </message>
    <message>
        <source>The server&apos;s key, if it needs one</source>
        <translation>La clave del servidor, si la necesita</translation>
    </message>
    <message>
        <source>Discord bot token</source>
        <extracomment>How the banner names each field (as its label does).</extracomment>
        <translation>Token del bot de Discord</translation>
    </message>
    <message>
        <source>Discord API base</source>
        <translation>Base de la API de Discord</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>URL base</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clave de API</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Paste the bot token from the Developer Portal (your app → Bot)</source>
        <extracomment>(token, API base) the last token test found working, and when: what its sentence is about.</extracomment>
        <translation>Pega el token del bot desde el Developer Portal (tu app → Bot)</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Mostrar</translation>
    </message>
    <message>
        <source>Show the bot token</source>
        <translation>Mostrar el token del bot</translation>
    </message>
    <message>
        <source>&amp;Test token</source>
        <translation>&amp;Probar token</translation>
    </message>
    <message>
        <source>Logging in to Discord…</source>
        <translation>Iniciando sesión en Discord…</translation>
    </message>
    <message>
        <source>Bot avatar</source>
        <translation>Avatar del bot</translation>
    </message>
    <message>
        <source>Test the token to get the invite link</source>
        <translation>Prueba el token para obtener el enlace de invitación</translation>
    </message>
    <message>
        <source>&amp;Copy link</source>
        <translation>&amp;Copiar enlace</translation>
    </message>
    <message>
        <source>Open in &amp;browser</source>
        <translation>Abrir en el &amp;navegador</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>M&amp;ostrar</translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation>Mostrar la clave de API</translation>
    </message>
    <message>
        <source>&amp;Get model list</source>
        <translation>&amp;Obtener lista de modelos</translation>
    </message>
    <message>
        <source>Asking the server for its models…</source>
        <translation>Pidiendo al servidor sus modelos…</translation>
    </message>
    <message>
        <source>Test &amp;model</source>
        <translation>Probar &amp;modelo</translation>
    </message>
    <message>
        <source>Sending one short request…</source>
        <translation>Enviando una petición corta…</translation>
    </message>
    <message>
        <source> s</source>
        <comment>unit after a number of seconds</comment>
        <translation> s</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Avanzado</translation>
    </message>
    <message>
        <source>Discord &amp;bot token</source>
        <translation>Token del &amp;bot de Discord</translation>
    </message>
    <message>
        <source>&amp;Invite link</source>
        <translation>Enlace de &amp;invitación</translation>
    </message>
    <message>
        <source>Open it to add the bot to one of your servers. It asks only for: View Channels, Send Messages, Send Messages in Threads, Read Message History, Use Application Commands (the slash commands), and Manage Webhooks (so characters speak under their own name and avatar).</source>
        <translation>Ábrelo para añadir el bot a uno de tus servidores. Solo pide: Ver canales, Enviar mensajes, Enviar mensajes en hilos, Leer el historial de mensajes, Usar comandos de la aplicación (los comandos de barra) y Gestionar webhooks (para que los personajes hablen con su propio nombre y avatar).</translation>
    </message>
    <message>
        <source>Model server</source>
        <translation>Servidor del modelo</translation>
    </message>
    <message>
        <source>&amp;Provider</source>
        <translation>&amp;Proveedor</translation>
    </message>
    <message>
        <source>Fills in the base URL; pick Custom for any other server.</source>
        <translation>Rellena la URL base; elige Personalizado para cualquier otro servidor.</translation>
    </message>
    <message>
        <source>Base &amp;URL</source>
        <translation>&amp;URL base</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>&amp;Clave de API</translation>
    </message>
    <message>
        <source>Mo&amp;del</source>
        <translation>Mo&amp;delo</translation>
    </message>
    <message>
        <source>Discord &amp;API base</source>
        <translation>Base de la &amp;API de Discord</translation>
    </message>
    <message>
        <source>Only for Discord-compatible servers; changing it reconnects the bot.</source>
        <translation>Solo para servidores compatibles con Discord; al cambiarla, el bot se reconecta.</translation>
    </message>
    <message>
        <source>Model request &amp;timeout</source>
        <translation>&amp;Tiempo límite de las peticiones al modelo</translation>
    </message>
    <message>
        <source>Images: the model {model} answered that it cannot take images, so pictures reach it as short text notes until the model changes.</source>
        <translation>Imágenes: el modelo {model} respondió que no admite imágenes, así que le llegan como breves notas de texto hasta que cambie el modelo.</translation>
    </message>
    <message>
        <source>Set by the environment variable {variable}</source>
        <translation>Definido por la variable de entorno {variable}</translation>
    </message>
    <message>
        <source>The model is set by {variable}</source>
        <translation>El modelo lo fija {variable}</translation>
    </message>
    <message>
        <source>The base URL is set by {variable}</source>
        <translation>La URL base la fija {variable}</translation>
    </message>
    <message>
        <source>Set by environment variables, which win over anything saved here, so they cannot be changed in this window: {fields}. To change one, change or remove the variable where Familiar is started, then start it again.</source>
        <translation>Definidos por variables de entorno, que tienen prioridad sobre lo guardado aquí, así que no se pueden cambiar en esta ventana: {fields}. Para cambiar uno, cambia o quita la variable allí donde se inicia Familiar y vuelve a iniciarlo.</translation>
    </message>
    <message>
        <source>Fix the Discord API base under Advanced first.</source>
        <translation>Primero corrige la base de la API de Discord en Avanzado.</translation>
    </message>
    <message numerus="yes">
        <source>{name} · in %n server(s)</source>
        <translation>
            <numerusform>{name} · en %n servidor</numerusform>
            <numerusform>{name} · en %n servidores</numerusform>
        </translation>
    </message>
    <message>
        <source>The token works: this is {name}.</source>
        <translation>El token funciona: es {name}.</translation>
    </message>
    <message>
        <source>Use the invite link to add it to a server.</source>
        <translation>Usa el enlace de invitación para añadirlo a un servidor.</translation>
    </message>
    <message>
        <source>Save if you changed the token, or press Reconnect now to try again.</source>
        <translation>Guarda si cambiaste el token, o pulsa Reconectar ahora para intentarlo de nuevo.</translation>
    </message>
    <message>
        <source>Invite link copied.</source>
        <translation>Enlace de invitación copiado.</translation>
    </message>
    <message>
        <source>Fix the base URL first.</source>
        <translation>Primero corrige la URL base.</translation>
    </message>
    <message numerus="yes">
        <source>The server lists %n model(s); the model is set by {variable}.</source>
        <translation>
            <numerusform>El servidor ofrece %n modelo; el modelo lo fija {variable}.</numerusform>
            <numerusform>El servidor ofrece %n modelos; el modelo lo fija {variable}.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server lists no models; type the model name.</source>
        <translation>El servidor no ofrece modelos; escribe el nombre del modelo.</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) available: pick one from the list or type a name.</source>
        <translation>
            <numerusform>%n modelo disponible: elígelo de la lista o escribe un nombre.</numerusform>
            <numerusform>%n modelos disponibles: elige uno de la lista o escribe un nombre.</numerusform>
        </translation>
    </message>
    <message>
        <source>The model answered in {seconds} s: “{reply}”</source>
        <translation>El modelo respondió en {seconds} s: «{reply}»</translation>
    </message>
    <message>
        <source>(an empty reply)</source>
        <translation>(una respuesta vacía)</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <source>item {index}: {reason}</source>
        <translation>elemento {index}: {reason}</translation>
    </message>
    <message>
        <source>not valid JSON: {problem} at line {line}, column {column}</source>
        <translation>JSON no válido: {problem} en la línea {line}, columna {column}</translation>
    </message>
    <message>
        <source>{name} (missing)</source>
        <translation>{name} (no existe)</translation>
    </message>
</context>
<context>
    <name>IdListEditor</name>
    <message>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>{id} (not seen by the bot right now)</source>
        <translation>{id} (el bot no lo ve ahora)</translation>
    </message>
</context>
<context>
    <name>IdPicker</name>
    <message>
        <source>Pick a channel or type its ID</source>
        <extracomment>Discord IDs (snowflakes) are up to 20 digits.</extracomment>
        <translation>Elige un canal o escribe su ID</translation>
    </message>
    <message>
        <source>Channel to add</source>
        <translation>Canal que añadir</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>Add the channel</source>
        <translation>Añadir el canal</translation>
    </message>
    <message>
        <source>Remove the selected channel</source>
        <translation>Quitar el canal seleccionado</translation>
    </message>
    <message>
        <source>Pick a channel from the list or type its numeric ID.</source>
        <translation>Elige un canal de la lista o escribe su ID numérico.</translation>
    </message>
    <message>
        <source>Pick a server or type its ID</source>
        <translation>Elige un servidor o escribe su ID</translation>
    </message>
    <message>
        <source>Server to add</source>
        <translation>Servidor que añadir</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Servidores</translation>
    </message>
    <message>
        <source>Add the server</source>
        <translation>Añadir el servidor</translation>
    </message>
    <message>
        <source>Remove the selected server</source>
        <translation>Quitar el servidor seleccionado</translation>
    </message>
    <message>
        <source>Pick a server from the list or type its numeric ID.</source>
        <translation>Elige un servidor de la lista o escribe su ID numérico.</translation>
    </message>
    <message>
        <source>Type the person&apos;s ID</source>
        <translation>Escribe el ID de la persona</translation>
    </message>
    <message>
        <source>Person to add</source>
        <translation>Persona que añadir</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personas</translation>
    </message>
    <message>
        <source>Add the person</source>
        <translation>Añadir a la persona</translation>
    </message>
    <message>
        <source>Remove the selected person</source>
        <translation>Quitar a la persona seleccionada</translation>
    </message>
    <message>
        <source>Type the person&apos;s numeric ID.</source>
        <translation>Escribe el ID numérico de la persona.</translation>
    </message>
    <message>
        <source>{list}: person ID to add</source>
        <translation>{list}: ID de la persona que añadir</translation>
    </message>
    <message>
        <source>Type the role&apos;s ID</source>
        <translation>Escribe el ID del rol</translation>
    </message>
    <message>
        <source>Role to add</source>
        <translation>Rol que añadir</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Add the role</source>
        <translation>Añadir el rol</translation>
    </message>
    <message>
        <source>Remove the selected role</source>
        <translation>Quitar el rol seleccionado</translation>
    </message>
    <message>
        <source>Type the role&apos;s numeric ID.</source>
        <translation>Escribe el ID numérico del rol.</translation>
    </message>
    <message>
        <source>{list}: role ID to add</source>
        <translation>{list}: ID del rol que añadir</translation>
    </message>
    <message>
        <source>#{channel} in {server} ({id})</source>
        <comment>keep ({id}) at the end: the ID is read back from there</comment>
        <translation>#{channel} en {server} ({id})</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <source>Everything (debug)</source>
        <extracomment>How often new lines are drained from the buffer into the view. Lines taken from the buffer at a time, and how long one pass may add batches before the loop (the bot&apos;s too) runs again: 10,000 waiting lines fill the view over several passes.</extracomment>
        <translation>Todo (depuración)</translation>
    </message>
    <message>
        <source>Information and above</source>
        <translation>Información y superior</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Avisos y errores</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Solo errores</translation>
    </message>
    <message>
        <source>Show only lines containing…</source>
        <translation>Mostrar solo las líneas que contengan…</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>&amp;Copy shown lines</source>
        <translation>&amp;Copiar las líneas mostradas</translation>
    </message>
    <message>
        <source>&amp;Open log folder</source>
        <translation>&amp;Abrir la carpeta de registros</translation>
    </message>
    <message>
        <source>&amp;Follow new lines</source>
        <translation>&amp;Seguir las líneas nuevas</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>Carpeta de registros</translation>
    </message>
    <message>
        <source>&amp;Level</source>
        <translation>&amp;Nivel</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Buscar</translation>
    </message>
</context>
<context>
    <name>LorebooksPage</name>
    <message>
        <source>Lorebooks: World Info JSON (*.json)</source>
        <translation>Lorebooks: World Info JSON (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Todos los archivos (*)</translation>
    </message>
    <message>
        <source>World Info for SillyTavern (*.json)</source>
        <translation>World Info para SillyTavern (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <extracomment>Where a lorebook is used (the radio buttons&apos; ids).</extracomment>
        <translation>
            <numerusform>%n entrada</numerusform>
            <numerusform>%n entradas</numerusform>
        </translation>
    </message>
    <message>
        <source>Lorebooks</source>
        <translation>Lorebooks</translation>
    </message>
    <message>
        <source>No lorebooks yet. Import World Info files exported from SillyTavern (.json), or drop them on this window.</source>
        <translation>Aún no hay lorebooks. Importa archivos World Info exportados desde SillyTavern (.json) o suéltalos en esta ventana.</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importar…</translation>
    </message>
    <message>
        <source>Import SillyTavern World Info files (or a card&apos;s lorebook saved as JSON); you can also drop them on this window.</source>
        <translation>Importar archivos World Info de SillyTavern (o el lorebook de una tarjeta guardado como JSON); también puedes soltarlos en esta ventana.</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportar…</translation>
    </message>
    <message>
        <source>Save the selected lorebook as a World Info file SillyTavern can import.</source>
        <translation>Guardar el lorebook seleccionado como archivo World Info que SillyTavern puede importar.</translation>
    </message>
    <message>
        <source>Dele&amp;te…</source>
        <translation>&amp;Eliminar…</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Claves</translation>
    </message>
    <message>
        <source>Used when</source>
        <translation>Se usa cuando</translation>
    </message>
    <message>
        <source>Entries of the lorebook</source>
        <translation>Entradas del lorebook</translation>
    </message>
    <message>
        <source>&amp;Not used</source>
        <translation>&amp;Sin usar</translation>
    </message>
    <message>
        <source>For &amp;every character</source>
        <translation>Para &amp;todos los personajes</translation>
    </message>
    <message>
        <source>Only for the c&amp;haracters ticked below</source>
        <translation>Solo para los &amp;personajes marcados abajo</translation>
    </message>
    <message>
        <source>Characters that use this lorebook</source>
        <translation>Personajes que usan este lorebook</translation>
    </message>
    <message>
        <source>Where it is used</source>
        <translation>Dónde se usa</translation>
    </message>
    <message>
        <source>A character&apos;s own lorebook (in its card) is always used for it; the ones chosen here come after it. Changes here are kept when you press Save.</source>
        <translation>El lorebook propio de un personaje (el de su tarjeta) siempre se usa con él; los elegidos aquí van después. Los cambios de aquí se conservan al pulsar Guardar.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n problema</numerusform>
            <numerusform>%n problemas</numerusform>
        </translation>
    </message>
    <message>
        <source>every character</source>
        <translation>todos los personajes</translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation>
            <numerusform>%n personaje</numerusform>
            <numerusform>%n personajes</numerusform>
        </translation>
    </message>
    <message>
        <source>not used</source>
        <translation>sin usar</translation>
    </message>
    <message>
        <source>Its entries, and where it is used, show here.</source>
        <translation>Aquí se muestran sus entradas y dónde se usa.</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s), kept as {file} in Familiar&apos;s lorebook folder.</source>
        <translation>
            <numerusform>%n entrada, guardada como {file} en la carpeta de lorebooks de Familiar.</numerusform>
            <numerusform>%n entradas, guardadas como {file} en la carpeta de lorebooks de Familiar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>…and %n more (see the log).</source>
        <translation>
            <numerusform>…y %n más (ver el registro).</numerusform>
            <numerusform>…y %n más (ver el registro).</numerusform>
        </translation>
    </message>
    <message>
        <source>When it was read:</source>
        <translation>Al leerlo:</translation>
    </message>
    <message>
        <source>(with: {keys})</source>
        <translation>(con: {keys})</translation>
    </message>
    <message>
        <source>never (switched off)</source>
        <translation>nunca (desactivada)</translation>
    </message>
    <message>
        <source>always</source>
        <translation>siempre</translation>
    </message>
    <message>
        <source>a key is mentioned</source>
        <translation>se menciona una clave</translation>
    </message>
    <message>
        <source>{id} (not a saved character)</source>
        <translation>{id} (no es un personaje guardado)</translation>
    </message>
    <message>
        <source>Import lorebooks</source>
        <translation>Importar lorebooks</translation>
    </message>
    <message>
        <source>Imported {names}.</source>
        <translation>Importado: {names}.</translation>
    </message>
    <message>
        <source>Choose below where it is used, then Save.</source>
        <translation>Elige abajo dónde se usa y luego guarda.</translation>
    </message>
    <message>
        <source>Choose where each is used, then Save.</source>
        <translation>Elige dónde se usa cada uno y luego guarda.</translation>
    </message>
    <message>
        <source>Export lorebook</source>
        <translation>Exportar lorebook</translation>
    </message>
    <message>
        <source>Exported “{name}” to {path}; SillyTavern can import it as World Info.</source>
        <translation>Se exportó «{name}» a {path}; SillyTavern puede importarlo como World Info.</translation>
    </message>
    <message>
        <source>Delete lorebook</source>
        <translation>Eliminar lorebook</translation>
    </message>
    <message>
        <source>Delete “{name}”?</source>
        <translation>¿Eliminar «{name}»?</translation>
    </message>
    <message>
        <source>Its file is removed. This cannot be undone (export it first to keep a copy).</source>
        <translation>Se borra su archivo. No se puede deshacer (expórtalo antes para conservar una copia).</translation>
    </message>
    <message>
        <source>Deleted “{name}”. Press Save to stop using it for the characters it was attached to.</source>
        <translation>Se eliminó «{name}». Pulsa Guardar para dejar de usarlo con los personajes a los que estaba asociado.</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>Se eliminó «{name}».</translation>
    </message>
</context>
<context>
    <name>NetworkAction</name>
    <message>
        <source>Cancel</source>
        <extracomment>Errors whose `str()` is already a sentence for the user. Where focus goes back to when the action ends, if it was on Cancel (default: the button).</extracomment>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Cancel: {action}</source>
        <translation>Cancelar: {action}</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <source>Unexpected problem ({error}); details are in the log.</source>
        <translation>Problema inesperado ({error}); los detalles están en el registro.</translation>
    </message>
</context>
<context>
    <name>Notify</name>
    <message>
        <source>Familiar is back online</source>
        <translation>Familiar vuelve a estar en línea</translation>
    </message>
    <message>
        <source>A fatal error.</source>
        <translation>Un error grave.</translation>
    </message>
    <message>
        <source>Familiar stopped connecting</source>
        <translation>Familiar dejó de intentar conectarse</translation>
    </message>
    <message numerus="yes">
        <source>Still trying to reach Discord after %n s</source>
        <translation>
            <numerusform>Sigue intentando conectar con Discord tras %n s</numerusform>
            <numerusform>Sigue intentando conectar con Discord tras %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Familiar is offline</source>
        <translation>Familiar está desconectado</translation>
    </message>
    <message>
        <source>Connected as {user}.</source>
        <translation>Conectado como {user}.</translation>
    </message>
    <message>
        <source>Connected to Discord.</source>
        <translation>Conectado a Discord.</translation>
    </message>
</context>
<context>
    <name>OpenFolder</name>
    <message>
        <source>Could not create the folder {folder}: {error}.</source>
        <translation>No se pudo crear la carpeta {folder}: {error}.</translation>
    </message>
    <message>
        <source>No file manager is set up to open folders on this computer. The folder is: {folder}</source>
        <translation>No hay ningún gestor de archivos configurado para abrir carpetas en este equipo. La carpeta es: {folder}</translation>
    </message>
</context>
<context>
    <name>PresetsPage</name>
    <message>
        <source>&amp;Temperature</source>
        <extracomment>Slider resolution for fractional fields (temperature 0.00-2.00 in steps of 0.01).</extracomment>
        <translation>&amp;Temperatura</translation>
    </message>
    <message>
        <source>Higher is more varied and surprising; lower is steadier.</source>
        <translation>Más alta: más variada y sorprendente; más baja: más estable.</translation>
    </message>
    <message>
        <source>Top &amp;p</source>
        <translation>Top &amp;p</translation>
    </message>
    <message>
        <source>Only the most likely words whose chances add up to this are considered.</source>
        <translation>Solo se consideran las palabras más probables cuyas probabilidades suman este valor.</translation>
    </message>
    <message>
        <source>Longest &amp;reply</source>
        <translation>&amp;Respuesta más larga</translation>
    </message>
    <message>
        <source>In tokens (about ¾ of a word each).</source>
        <translation>En tokens (cada uno, unos ¾ de palabra).</translation>
    </message>
    <message>
        <source>&amp;Frequency penalty</source>
        <translation>Penalización por &amp;frecuencia</translation>
    </message>
    <message>
        <source>Above 0 discourages repeating the same words.</source>
        <translation>Por encima de 0 desalienta repetir las mismas palabras.</translation>
    </message>
    <message>
        <source>Pr&amp;esence penalty</source>
        <translation>Penalización por pr&amp;esencia</translation>
    </message>
    <message>
        <source>Above 0 encourages new topics.</source>
        <translation>Por encima de 0 anima a sacar temas nuevos.</translation>
    </message>
    <message>
        <source>Conte&amp;xt budget</source>
        <translation>Presupuesto de conte&amp;xto</translation>
    </message>
    <message>
        <source>How much conversation, in tokens, goes into each prompt.</source>
        <translation>Cuánta conversación, en tokens, entra en cada prompt.</translation>
    </message>
    <message>
        <source>Balanced</source>
        <extracomment>The built-in presets&apos; names (bot/presets.py), shown in the user&apos;s language.</extracomment>
        <translation>Equilibrado</translation>
    </message>
    <message>
        <source>Creative</source>
        <translation>Creativo</translation>
    </message>
    <message>
        <source>Precise</source>
        <translation>Preciso</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Preajustes</translation>
    </message>
    <message>
        <source>Ne&amp;w</source>
        <translation>&amp;Nuevo</translation>
    </message>
    <message>
        <source>My preset</source>
        <translation>Mi preajuste</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplicar</translation>
    </message>
    <message>
        <source>Dele&amp;te…</source>
        <translation>&amp;Eliminar…</translation>
    </message>
    <message>
        <source>Built-in presets cannot be changed. Press Duplicate to make your own copy.</source>
        <translation>Los preajustes incorporados no se pueden cambiar. Pulsa Duplicar para hacer tu propia copia.</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <source>{field} slider</source>
        <translation>Control deslizante de {field}</translation>
    </message>
    <message>
        <source>From {low} to {high}.</source>
        <translation>De {low} a {high}.</translation>
    </message>
    <message>
        <source>&amp;Stop sequences</source>
        <translation>&amp;Secuencias de parada</translation>
    </message>
    <message>
        <source>One per line, at most four; the reply ends where one appears.</source>
        <translation>Una por línea, como mucho cuatro; la respuesta termina donde aparezca una.</translation>
    </message>
    <message>
        <source>Preset &amp;in use</source>
        <translation>Preajuste &amp;en uso</translation>
    </message>
    <message>
        <source>The bot and the chat preview use this one.</source>
        <translation>El bot y la vista previa del chat usan este.</translation>
    </message>
    <message>
        <source>Not saved: fix the marked fields of this preset.</source>
        <translation>No se guardó: corrige los campos marcados de este preajuste.</translation>
    </message>
    <message>
        <source>{name} (copy)</source>
        <translation>{name} (copia)</translation>
    </message>
    <message>
        <source>Made “{name}”: change it, then Save.</source>
        <translation>Se creó «{name}»: cámbialo y luego guarda.</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>Eliminar preajuste</translation>
    </message>
    <message>
        <source>Delete the preset “{name}”?</source>
        <translation>¿Eliminar el preajuste «{name}»?</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>Se eliminó «{name}».</translation>
    </message>
    <message>
        <source>{name} (built-in)</source>
        <translation>{name} (incorporado)</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Tick characters to make a group chat: your message is answered by the characters it names, in the order named; naming no one, by the first (or whoever spoke last, as set on the Behaviour page).</source>
        <extracomment>(base URL, key, model, timeout) as typed on the Connection page. A character&apos;s avatar PNG by id (None: it has none), e.g. `CharacterStore.avatar_bytes`. The avatar beside each turn and in the cast list, in device-independent pixels. Image resources of the conversation: &quot;avatar:character/&lt;id&gt;&quot; and &quot;avatar:person/&lt;name&gt;&quot;.</extracomment>
        <translation>Marca personajes para hacer un chat de grupo: tu mensaje lo responden los personajes que nombra, en el orden en que aparecen; si no nombra a nadie, el primero (o quien habló por último, según la página Comportamiento).</translation>
    </message>
    <message>
        <source>After a reply, this lists the lorebook entries it used, and the ones that matched but were left out.</source>
        <extracomment>Discord&apos;s tag beside the name of a bot&apos;s or a webhook&apos;s message (a character speaking).</extracomment>
        <translation>Tras una respuesta, aquí se listan las entradas del lorebook que usó y las que coincidieron pero se quedaron fuera.</translation>
    </message>
    <message>
        <source>before the character&apos;s description</source>
        <extracomment>The text column of a turn starts after the avatar; notes above a turn line up with it.</extracomment>
        <translation>antes de la descripción del personaje</translation>
    </message>
    <message>
        <source>after the character&apos;s description</source>
        <translation>después de la descripción del personaje</translation>
    </message>
    <message>
        <source>before the example dialogues</source>
        <translation>antes de los diálogos de ejemplo</translation>
    </message>
    <message>
        <source>after the example dialogues</source>
        <translation>después de los diálogos de ejemplo</translation>
    </message>
    <message>
        <source>after the last message</source>
        <translation>tras el último mensaje</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) from the end</source>
        <translation>
            <numerusform>a %n mensaje del final</numerusform>
            <numerusform>a %n mensajes del final</numerusform>
        </translation>
    </message>
    <message>
        <source>in the chat, {spot}, as a system message</source>
        <translation>en el chat, {spot}, como mensaje del sistema</translation>
    </message>
    <message>
        <source>in the chat, {spot}, as a user message</source>
        <translation>en el chat, {spot}, como mensaje del usuario</translation>
    </message>
    <message>
        <source>in the chat, {spot}, as an assistant message</source>
        <translation>en el chat, {spot}, como mensaje del asistente</translation>
    </message>
    <message>
        <source>in the chat, {spot}, as a {role} message</source>
        <translation>en el chat, {spot}, como mensaje de tipo {role}</translation>
    </message>
    <message>
        <source>in an outlet (only where a card writes {{outlet::…}})</source>
        <translation>en un outlet (solo donde una tarjeta escribe {{outlet::…}})</translation>
    </message>
    <message>
        <source>always on</source>
        <translation>siempre activa</translation>
    </message>
    <message>
        <source>switched on by @@activate</source>
        <translation>activada por @@activate</translation>
    </message>
    <message>
        <source>a key</source>
        <translation>una clave</translation>
    </message>
    <message>
        <source>matched {keys}</source>
        <translation>coincidió con {keys}</translation>
    </message>
    <message numerus="yes">
        <source>{reason} and the secondary key(s) {keys}</source>
        <translation>
            <numerusform>{reason} y la clave secundaria {keys}</numerusform>
            <numerusform>{reason} y las claves secundarias {keys}</numerusform>
        </translation>
    </message>
    <message>
        <source>{reason} in the text of another entry</source>
        <translation>{reason} en el texto de otra entrada</translation>
    </message>
    <message>
        <source>No lorebook entry matched the last reply.</source>
        <translation>Ninguna entrada del lorebook coincidió con la última respuesta.</translation>
    </message>
    <message>
        <source>(about {used} of {budget} tokens)</source>
        <translation>(unos {used} de {budget} tokens)</translation>
    </message>
    <message>
        <source>Used for the last reply: {count}</source>
        <translation>Usadas en la última respuesta: {count}</translation>
    </message>
    <message>
        <source>goes {where}.</source>
        <translation>va {where}.</translation>
    </message>
    <message>
        <source>Matched but left out: {count}</source>
        <translation>Coincidieron pero quedaron fuera: {count}</translation>
    </message>
    <message>
        <source>left out: {reason}.</source>
        <translation>quedó fuera: {reason}.</translation>
    </message>
    <message>
        <source>Others in the cast</source>
        <extracomment>What the greeting shown was chosen from: (character id, mode, user, the card&apos;s greetings). The saved default character and preset in use, and whether the user picked others here. Character id -&gt; (its avatar PNG, decoded as a disc); placeholders by name.</extracomment>
        <translation>Otros en el reparto</translation>
    </message>
    <message>
        <source>Tick the characters who join the first one in the conversation</source>
        <translation>Marca los personajes que se unen al primero en la conversación</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Tú</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Conversación</translation>
    </message>
    <message>
        <source>Say something to try the character. Nothing here goes to Discord.</source>
        <translation>Di algo para probar el personaje. Nada de lo de aquí llega a Discord.</translation>
    </message>
    <message>
        <source>Lorebook entries of the last reply</source>
        <translation>Entradas del lorebook de la última respuesta</translation>
    </message>
    <message>
        <source>Your message (Ctrl+Enter sends)</source>
        <translation>Tu mensaje (Ctrl+Intro lo envía)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Enviar</translation>
    </message>
    <message>
        <source>The character is typing…</source>
        <translation>El personaje está escribiendo…</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>&amp;Regenerar</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Limpiar</translation>
    </message>
    <message>
        <source>&amp;Character</source>
        <translation>&amp;Personaje</translation>
    </message>
    <message>
        <source>&amp;Others in the cast</source>
        <translation>&amp;Otros en el reparto</translation>
    </message>
    <message>
        <source>&amp;Preset</source>
        <translation>Pre&amp;ajuste</translation>
    </message>
    <message>
        <source>Your &amp;name</source>
        <translation>Tu &amp;nombre</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;Mensaje</translation>
    </message>
    <message>
        <source>&amp;Lorebook entries</source>
        <translation>Entradas del &amp;lorebook</translation>
    </message>
    <message>
        <source>Model: {model} at {url}, as typed on the Connection page.</source>
        <translation>Modelo: {model} en {url}, tal como está en la página Conexión.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>(no base URL)</source>
        <translation>(sin URL base)</translation>
    </message>
    <message>
        <source>Pick a character and a preset first.</source>
        <translation>Primero elige un personaje y un preajuste.</translation>
    </message>
    <message>
        <source>Fill in the model server and model on the Connection page first.</source>
        <translation>Primero rellena el servidor del modelo y el modelo en la página Conexión.</translation>
    </message>
    <message>
        <source>(the model stopped mid-reply)</source>
        <translation>(el modelo se detuvo a mitad de la respuesta)</translation>
    </message>
    <message>
        <source>(stopped)</source>
        <translation>(detenido)</translation>
    </message>
    <message>
        <source>(thinking…)</source>
        <translation>(pensando…)</translation>
    </message>
    <message numerus="yes">
        <source>The model&apos;s reasoning (%n word(s); click to hide)</source>
        <extracomment>The tag&apos;s text, padded inside its coloured box (and taken off again in `_turn_text`).</extracomment>
        <translation>
            <numerusform>Razonamiento del modelo (%n palabra; clic para ocultar)</numerusform>
            <numerusform>Razonamiento del modelo (%n palabras; clic para ocultar)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The model&apos;s reasoning (%n word(s); click to show)</source>
        <translation>
            <numerusform>Razonamiento del modelo (%n palabra; clic para mostrar)</numerusform>
            <numerusform>Razonamiento del modelo (%n palabras; clic para mostrar)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Saving</name>
    <message>
        <source>the file {path}</source>
        <translation>el archivo {path}</translation>
    </message>
    <message>
        <source>the system keyring ({backend})</source>
        <translation>el llavero del sistema ({backend})</translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <source>About</source>
        <translation>Acerca de</translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation>Comportamiento</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Personajes</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Conexión</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>Lorebooks</source>
        <translation>Lorebooks</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Preajustes</translation>
    </message>
    <message>
        <source>Chat preview</source>
        <translation>Vista previa del chat</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Uso</translation>
    </message>
    <message>
        <source>Familiar settings</source>
        <translation>Ajustes de Familiar</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <extracomment>Invalid fields get a red frame (the reason is written under them too, so colour is not the only cue). What saving can fail with; each `str()` is a sentence. After a save that reconnects: (the bot&apos;s state then, whether it has left it since).</extracomment>
        <translation>Páginas de ajustes</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Reco&amp;nnect now</source>
        <translation>Reco&amp;nectar ahora</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>Save and apply ({keys})</source>
        <translation>Guardar y aplicar ({keys})</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Revertir</translation>
    </message>
    <message>
        <source>Forget unsaved changes and show what is saved</source>
        <translation>Olvidar los cambios sin guardar y mostrar lo guardado</translation>
    </message>
    <message>
        <source>&amp;Quit Familiar</source>
        <translation>&amp;Salir de Familiar</translation>
    </message>
    <message>
        <source>Not set up yet: paste the bot token on the Connection page, then Save</source>
        <translation>Aún sin configurar: pega el token del bot en la página Conexión y luego guarda</translation>
    </message>
    <message>
        <source>Discord rejected the token in {variable}: change the variable, then start Familiar again</source>
        <translation>Discord rechazó el token de {variable}: cambia la variable y vuelve a iniciar Familiar</translation>
    </message>
    <message>
        <source>Discord rejected the token: paste a new one on the Connection page, then Save</source>
        <translation>Discord rechazó el token: pega uno nuevo en la página Conexión y luego guarda</translation>
    </message>
    <message>
        <source>Message Content intent is off: turn it on in the Developer Portal (your app → Bot), then press Reconnect now</source>
        <translation>El Message Content intent está desactivado: actívalo en el Developer Portal (tu app → Bot) y pulsa Reconectar ahora</translation>
    </message>
    <message>
        <source>Settings problem: {reason}</source>
        <translation>Problema en los ajustes: {reason}</translation>
    </message>
    <message>
        <source>Saved, and connected to Discord with the new settings.</source>
        <translation>Guardado y conectado a Discord con los ajustes nuevos.</translation>
    </message>
    <message>
        <source>{error} Saving here replaces that file.</source>
        <translation>{error} Al guardar aquí se reemplaza ese archivo.</translation>
    </message>
    <message>
        <source>{name} (from FAMILIAR_CHARACTER)</source>
        <translation>{name} (de FAMILIAR_CHARACTER)</translation>
    </message>
    <message>
        <source>Not saved: {problems}</source>
        <translation>No se guardó: {problems}</translation>
    </message>
    <message>
        <source>Not saved: fix the marked fields.</source>
        <translation>No se guardó: corrige los campos marcados.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Saved. Reconnecting to Discord with the new connection settings…</source>
        <translation>Guardado. Reconectando a Discord con los nuevos ajustes de conexión…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>Save your changes before closing?</source>
        <translation>¿Guardar los cambios antes de cerrar?</translation>
    </message>
    <message>
        <source>Discard forgets them; Cancel keeps the window open.</source>
        <translation>Descartar los olvida; Cancelar deja la ventana abierta.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Discord rejected the token: open Settings</source>
        <extracomment>Short, tray-sized headlines for fatal errors; the full sentence (snapshot.last_error) goes in the tooltip&apos;s second line, the notification and the settings window.</extracomment>
        <translation>Discord rechazó el token: abre los Ajustes</translation>
    </message>
    <message>
        <source>Message Content intent is off: see Settings</source>
        <translation>El Message Content intent está desactivado: mira los Ajustes</translation>
    </message>
    <message>
        <source>Settings problem: see Settings</source>
        <translation>Problema en los ajustes: mira los Ajustes</translation>
    </message>
    <message>
        <source>Resume</source>
        <extracomment>Every icon name `present()` can return (the icon files must exist for each).</extracomment>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n servidor</numerusform>
            <numerusform>%n servidores</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shard(s)</source>
        <translation>
            <numerusform>%n shard</numerusform>
            <numerusform>%n shards</numerusform>
        </translation>
    </message>
    <message>
        <source>Connected as {user}</source>
        <translation>Conectado como {user}</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>{who} · daily token limit reached</source>
        <translation>{who} · límite diario de tokens alcanzado</translation>
    </message>
    <message>
        <source>Connecting to Discord… ({shards})</source>
        <translation>Conectando a Discord… ({shards})</translation>
    </message>
    <message>
        <source>Connecting to Discord…</source>
        <translation>Conectando a Discord…</translation>
    </message>
    <message>
        <source>Paused: the bot is offline until you resume</source>
        <translation>En pausa: el bot está desconectado hasta que lo reanudes</translation>
    </message>
    <message>
        <source>Not set up yet: open Settings to add a bot token</source>
        <translation>Aún sin configurar: abre los Ajustes para añadir un token de bot</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>Error: {reason}</source>
        <translation>Error: {reason}</translation>
    </message>
    <message>
        <source>Shutting down…</source>
        <translation>Cerrando…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message numerus="yes">
        <source>{connected}/%n shards connected</source>
        <translation>
            <numerusform>{connected}/%n shard conectado</numerusform>
            <numerusform>{connected}/%n shards conectados</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Reconectando</translation>
    </message>
    <message>
        <source>Reconnecting now</source>
        <translation>Reconectando ahora</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Reconexión en %n s</numerusform>
            <numerusform>Reconexión en %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>{status} (attempt {number})</source>
        <translation>{status} (intento {number})</translation>
    </message>
</context>
<context>
    <name>TextListEditor</name>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vacío)</translation>
    </message>
    <message>
        <source>Greetings</source>
        <translation>Saludos</translation>
    </message>
    <message>
        <source>The text of this greeting</source>
        <translation>El texto de este saludo</translation>
    </message>
    <message>
        <source>Text of the selected greeting</source>
        <translation>Texto del saludo seleccionado</translation>
    </message>
    <message>
        <source>Add greeting</source>
        <translation>Añadir saludo</translation>
    </message>
    <message>
        <source>Remove the selected greeting</source>
        <translation>Quitar el saludo seleccionado</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Starting…</source>
        <extracomment>Names of the menu actions (QAction objectName), for `menu &lt;name&gt;` over the single-instance socket.</extracomment>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>Reconectar ahora</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Ajustes…</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Abrir la carpeta de registros</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Iniciar al iniciar sesión</translation>
    </message>
    <message>
        <source>About Familiar</source>
        <translation>Acerca de Familiar</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>No file manager is set up to open folders here. The logs are in:</source>
        <translation>No hay ningún gestor de archivos configurado para abrir carpetas aquí. Los registros están en:</translation>
    </message>
    <message>
        <source>Your AI character&apos;s Discord bot, in the system tray.</source>
        <translation>El bot de Discord de tu personaje de IA, en la bandeja del sistema.</translation>
    </message>
    <message>
        <source>Logs:</source>
        <translation>Registros:</translation>
    </message>
</context>
<context>
    <name>UsagePage</name>
    <message>
        <source>No tokens counted yet.</source>
        <extracomment>How many days the chart and the &quot;Last 30 days&quot; columns cover.</extracomment>
        <translation>Aún no se ha contado ningún token.</translation>
    </message>
    <message>
        <source>Point at a bar, or select the chart and use the arrow keys, to read its day and tokens.</source>
        <translation>Señala una barra, o selecciona el gráfico y usa las flechas, para ver su día y sus tokens.</translation>
    </message>
    <message numerus="yes">
        <source>{count} token(s)</source>
        <translation>
            <numerusform>{count} token</numerusform>
            <numerusform>{count} tokens</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <extracomment>Which UTC day is &quot;today&quot; (tests pin it).</extracomment>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <source>Count again from the history database</source>
        <translation>Volver a contar desde la base de datos del historial</translation>
    </message>
    <message numerus="yes">
        <source>Tokens a day, last %n days (UTC)</source>
        <translation>
            <numerusform>Tokens por día, último día (UTC)</numerusform>
            <numerusform>Tokens por día, últimos %n días (UTC)</numerusform>
        </translation>
    </message>
    <message>
        <source>Tokens by server</source>
        <translation>Tokens por servidor</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>Tokens by person (the most first)</source>
        <translation>Tokens por persona (primero quien más gasta)</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message numerus="yes">
        <source>Last %n days (UTC)</source>
        <translation>
            <numerusform>Último día (UTC)</numerusform>
            <numerusform>Últimos %n días (UTC)</numerusform>
        </translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Servidores</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personas</translation>
    </message>
    <message>
        <source>Tokens are what the model read and wrote for the bot&apos;s replies, counted per UTC day. Daily limits and the price per 1M tokens are set on the Behaviour page.</source>
        <translation>Los tokens son lo que el modelo leyó y escribió para las respuestas del bot, contados por día UTC. Los límites diarios y el precio por 1M de tokens se fijan en la página Comportamiento.</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Contando…</translation>
    </message>
    <message>
        <source>As of {time} UTC.</source>
        <translation>A las {time} UTC.</translation>
    </message>
    <message>
        <source>Today (UTC)</source>
        <translation>Hoy (UTC)</translation>
    </message>
    <message>
        <source>Today (UTC): {tokens}</source>
        <translation>Hoy (UTC): {tokens}</translation>
    </message>
    <message>
        <source>{tokens} in all.</source>
        <translation>{tokens} en total.</translation>
    </message>
    <message numerus="yes">
        <source>Cost: {today} today, {period} over %n days (at {price} per 1M tokens).</source>
        <translation>
            <numerusform>Coste: {today} hoy, {period} en %n día (a {price} por 1M de tokens).</numerusform>
            <numerusform>Coste: {today} hoy, {period} en %n días (a {price} por 1M de tokens).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{tokens} in %n days; the most on {day}.</source>
        <translation>
            <numerusform>{tokens} en %n día; el máximo, el {day}.</numerusform>
            <numerusform>{tokens} en %n días; el máximo, el {day}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Direct messages</source>
        <translation>Mensajes directos</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message numerus="yes">
        <source>Last %n days</source>
        <translation>
            <numerusform>Último día</numerusform>
            <numerusform>Últimos %n días</numerusform>
        </translation>
    </message>
</context>
</TS>
