<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>AboutPage</name>
    <message>
        <source>Discord Developer Portal (your bot, its token and intents)</source>
        <translation>Discord Developer Portal (seu bot, o token e os intents dele)</translation>
    </message>
    <message>
        <source>Character Card V2 spec</source>
        <translation>Especificação do Character Card V2</translation>
    </message>
    <message>
        <source>Character Card V3 spec</source>
        <translation>Especificação do Character Card V3</translation>
    </message>
    <message>
        <source>OpenRouter models</source>
        <translation>Modelos do OpenRouter</translation>
    </message>
    <message>
        <source>Your AI character&apos;s Discord bot, in the system tray.</source>
        <translation>O bot do Discord do seu personagem de IA, na bandeja do sistema.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>Settings location</source>
        <translation>Local das configurações</translation>
    </message>
    <message>
        <source>Open the settings folder</source>
        <translation>Abrir a pasta das configurações</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Personagens</translation>
    </message>
    <message>
        <source>Characters location</source>
        <translation>Local dos personagens</translation>
    </message>
    <message>
        <source>Open the characters folder</source>
        <translation>Abrir a pasta dos personagens</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Predefinições</translation>
    </message>
    <message>
        <source>Presets location</source>
        <translation>Local das predefinições</translation>
    </message>
    <message>
        <source>Open the presets folder</source>
        <translation>Abrir a pasta das predefinições</translation>
    </message>
    <message>
        <source>Conversation memory</source>
        <translation>Memória das conversas</translation>
    </message>
    <message>
        <source>Conversation memory location</source>
        <translation>Local da memória das conversas</translation>
    </message>
    <message>
        <source>Open the conversation memory folder</source>
        <translation>Abrir a pasta da memória das conversas</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Logs location</source>
        <translation>Local dos logs</translation>
    </message>
    <message>
        <source>Open the logs folder</source>
        <translation>Abrir a pasta dos logs</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Secrets: …</source>
        <translation>Segredos: …</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Folders in use</source>
        <translation>Pastas em uso</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>System default ({language})</source>
        <translation>Padrão do sistema ({language})</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Padrão do sistema</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>Could not keep the language: {error}</source>
        <translation>Não foi possível salvar o idioma: {error}</translation>
    </message>
    <message>
        <source>Familiar will use this language from its next start.</source>
        <translation>O Familiar usará este idioma a partir da próxima inicialização.</translation>
    </message>
    <message>
        <source>Token and API key are kept in: {where}.</source>
        <translation>O token e a chave de API ficam guardados em: {where}.</translation>
    </message>
</context>
<context>
    <name>BehaviourPage</name>
    <message>
        <source>Everyone</source>
        <translation>Todo mundo</translation>
    </message>
    <message>
        <source>Only allowed people (and the bot&apos;s owner)</source>
        <translation>Só pessoas permitidas (e o dono do bot)</translation>
    </message>
    <message>
        <source>Nobody (but the owner)</source>
        <translation>Ninguém (exceto o dono)</translation>
    </message>
    <message>
        <source>When someone @&amp;mentions the bot</source>
        <translation>Quando alguém @&amp;menciona o bot</translation>
    </message>
    <message>
        <source>When someone &amp;replies to one of its messages</source>
        <translation>Quando alguém &amp;responde a uma mensagem dele</translation>
    </message>
    <message>
        <source>In &amp;direct messages</source>
        <translation>Em mensagens &amp;diretas</translation>
    </message>
    <message>
        <source>No channel: the bot only answers when a trigger above applies.</source>
        <translation>Nenhum canal: o bot só responde quando um dos gatilhos acima se aplica.</translation>
    </message>
    <message>
        <source>Empty: every server the bot is in.</source>
        <translation>Vazio: todos os servidores em que o bot está.</translation>
    </message>
    <message>
        <source>Empty: every channel it can see.</source>
        <translation>Vazio: todos os canais que ele consegue ver.</translation>
    </message>
    <message>
        <source>Empty: everyone who is not blocked.</source>
        <translation>Vazio: todos que não estão bloqueados.</translation>
    </message>
    <message>
        <source>Allowed people</source>
        <translation>Pessoas permitidas</translation>
    </message>
    <message>
        <source>No one is blocked.</source>
        <translation>Ninguém está bloqueado.</translation>
    </message>
    <message>
        <source>Blocked people</source>
        <translation>Pessoas bloqueadas</translation>
    </message>
    <message>
        <source>Empty: any role.</source>
        <translation>Vazio: qualquer cargo.</translation>
    </message>
    <message>
        <source>Allowed roles</source>
        <translation>Cargos permitidos</translation>
    </message>
    <message>
        <source>No role is blocked.</source>
        <translation>Nenhum cargo está bloqueado.</translation>
    </message>
    <message>
        <source>Blocked roles</source>
        <translation>Cargos bloqueados</translation>
    </message>
    <message>
        <source>None: only people with Manage Server (and the bot&apos;s owner).</source>
        <translation>Nenhum: só quem tem Gerenciar servidor (e o dono do bot).</translation>
    </message>
    <message>
        <source>Admin roles</source>
        <translation>Cargos de administração</translation>
    </message>
    <message>
        <source>Re-s&amp;ync commands</source>
        <translation>Re&amp;sincronizar comandos</translation>
    </message>
    <message>
        <source>Not shown</source>
        <translation>Não mostrado</translation>
    </message>
    <message>
        <source>Daily limits reached</source>
        <translation>Limites diários atingidos</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>No cooldown</source>
        <translation>Sem espera</translation>
    </message>
    <message>
        <source>First greeting</source>
        <translation>A primeira saudação</translation>
    </message>
    <message>
        <source>A random greeting</source>
        <translation>Uma saudação aleatória</translation>
    </message>
    <message>
        <source>No greeting</source>
        <translation>Sem saudação</translation>
    </message>
    <message>
        <source>Show the model&apos;s reasoning (as a s&amp;poiler)</source>
        <translation>Mostrar o raciocínio do modelo (como s&amp;poiler)</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Automático</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Ligado</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Desligado</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Nenhuma</translation>
    </message>
    <message>
        <source> messages</source>
        <translation> mensagens</translation>
    </message>
    <message>
        <source> % of the context</source>
        <translation> % do contexto</translation>
    </message>
    <message>
        <source>Speak as the character (&amp;webhooks)</source>
        <translation>Falar como o personagem (&amp;webhooks)</translation>
    </message>
    <message>
        <source>S&amp;tream replies</source>
        <translation>Respostas em &amp;tempo real</translation>
    </message>
    <message>
        <source>The channel&apos;s first character</source>
        <translation>O primeiro personagem do canal</translation>
    </message>
    <message>
        <source>The character who spoke last</source>
        <translation>O personagem que falou por último</translation>
    </message>
    <message>
        <source>Let characters tal&amp;k to each other</source>
        <translation>Deixar os personagens &amp;conversarem entre si</translation>
    </message>
    <message>
        <source>Re-invite the bot with the link on the Connection page, or give its role Manage Webhooks.</source>
        <translation>Convide o bot de novo com o link da página Conexão ou dê ao cargo dele a permissão Gerenciar webhooks.</translation>
    </message>
    <message>
        <source>&amp;Notify me when the bot goes offline, comes back, or needs me</source>
        <translation>&amp;Avisar quando o bot ficar offline, voltar ou precisar de mim</translation>
    </message>
    <message>
        <source>Start Familiar when I &amp;log in</source>
        <translation>Iniciar o Familiar ao &amp;entrar no sistema</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Responder</translation>
    </message>
    <message>
        <source>&amp;Always reply in</source>
        <translation>Responder &amp;sempre em</translation>
    </message>
    <message>
        <source>Channels where every message gets an answer, trigger or not.</source>
        <translation>Canais em que toda mensagem recebe resposta, com gatilho ou não.</translation>
    </message>
    <message>
        <source>Only in &amp;servers</source>
        <translation>Só nos &amp;servidores</translation>
    </message>
    <message>
        <source>Only in &amp;channels</source>
        <translation>Só nos &amp;canais</translation>
    </message>
    <message>
        <source>Empty allowed lists mean everyone. Blocked wins. The bot&apos;s owner (from the Discord application) is always allowed.</source>
        <translation>Listas de permitidos vazias significam todo mundo. Bloqueio tem prioridade. O dono do bot (da aplicação do Discord) é sempre permitido.</translation>
    </message>
    <message>
        <source>People and roles are typed as IDs (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID: on a person, or on a role under Server Settings → Roles).</source>
        <translation>Pessoas e cargos são digitados como IDs (no Discord: Configurações → Avançado → Modo desenvolvedor, depois botão direito → Copiar ID: em uma pessoa, ou em um cargo em Configurações do servidor → Cargos).</translation>
    </message>
    <message>
        <source>All&amp;owed people</source>
        <translation>Pessoas &amp;permitidas</translation>
    </message>
    <message>
        <source>Direct messages &amp;from</source>
        <translation>Mensagens diretas &amp;de</translation>
    </message>
    <message>
        <source>Can use /character set, /cast and /reset, besides people with Manage Server.</source>
        <translation>Podem usar /character set, /cast e /reset, além de quem tem Gerenciar servidor.</translation>
    </message>
    <message>
        <source>Slash commands</source>
        <translation>Comandos de barra</translation>
    </message>
    <message>
        <source>Discord&apos;s slash commands are synced by themselves when they change; use this if they look out of date.</source>
        <translation>Os comandos de barra do Discord se sincronizam sozinhos quando mudam; use isto se parecerem desatualizados.</translation>
    </message>
    <message>
        <source>Per-user &amp;cooldown</source>
        <translation>&amp;Espera por usuário</translation>
    </message>
    <message>
        <source>After answering someone, wait this long before answering them again.</source>
        <translation>Depois de responder a alguém, esperar este tempo antes de responder de novo.</translation>
    </message>
    <message>
        <source>Limits count tokens per UTC day; when one is reached the bot says it is resting until midnight UTC.</source>
        <translation>Os limites contam tokens por dia UTC; quando um é atingido, o bot avisa que está descansando até a meia-noite UTC.</translation>
    </message>
    <message>
        <source>Per person a day</source>
        <translation>Por pessoa por dia</translation>
    </message>
    <message>
        <source>Per ser&amp;ver a day</source>
        <translation>Por ser&amp;vidor por dia</translation>
    </message>
    <message>
        <source>In total a day</source>
        <translation>No total por dia</translation>
    </message>
    <message>
        <source>Cost per 1M tokens</source>
        <translation>Custo por 1M de tokens</translation>
    </message>
    <message>
        <source>In your currency, to show what the tokens cost on the Usage page.</source>
        <translation>Na sua moeda, para mostrar quanto custam os tokens na página Uso.</translation>
    </message>
    <message>
        <source>&amp;Greeting</source>
        <translation>&amp;Saudação</translation>
    </message>
    <message>
        <source>What the character says first in a channel where it has not spoken yet, or after a /reset.</source>
        <translation>O que o personagem diz primeiro num canal em que ainda não falou, ou depois de um /reset.</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Raciocínio</translation>
    </message>
    <message>
        <source>Reasoning models think before they answer. Off: only the answer is posted.</source>
        <translation>Modelos de raciocínio pensam antes de responder. Desligado: só a resposta é publicada.</translation>
    </message>
    <message>
        <source>Send &amp;images to the model</source>
        <translation>Enviar &amp;imagens ao modelo</translation>
    </message>
    <message>
        <source>Auto: pictures people post go to the model, until it answers that it cannot take images; then it gets a short note instead.</source>
        <translation>Automático: as imagens que as pessoas postam vão para o modelo até ele responder que não aceita imagens; então ele recebe uma nota curta no lugar.</translation>
    </message>
    <message>
        <source>Images &amp;per reply</source>
        <translation>Imagens &amp;por resposta</translation>
    </message>
    <message>
        <source>At most this many pictures, newest first.</source>
        <translation>No máximo esta quantidade de imagens, as mais recentes primeiro.</translation>
    </message>
    <message>
        <source>Name and avatar</source>
        <translation>Nome e avatar</translation>
    </message>
    <message>
        <source>Each character posts under its own name and avatar through a channel webhook. Needs the Manage Webhooks permission (the invite link asks for it); in direct messages, and where it is missing, the bot account posts.</source>
        <translation>Cada personagem posta com o próprio nome e avatar por meio de um webhook do canal. Precisa da permissão Gerenciar webhooks (o link de convite pede); em mensagens diretas, e onde ela faltar, quem posta é a conta do bot.</translation>
    </message>
    <message>
        <source>Streaming</source>
        <translation>Tempo real</translation>
    </message>
    <message>
        <source>The reply appears at once and grows as the model writes (edited at most once a second).</source>
        <translation>A resposta aparece na hora e cresce enquanto o modelo escreve (editada no máximo uma vez por segundo).</translation>
    </message>
    <message>
        <source>A m&amp;ention that names no one is answered by</source>
        <translation>Uma m&amp;enção que não cita ninguém é respondida por</translation>
    </message>
    <message>
        <source>Between characters</source>
        <translation>Entre personagens</translation>
    </message>
    <message>
        <source>A character&apos;s reply that names another character of the channel is answered by it.</source>
        <translation>Se a resposta de um personagem cita outro personagem do canal, esse outro responde.</translation>
    </message>
    <message>
        <source>Replies in a row without a &amp;human</source>
        <translation>Respostas seguidas sem um &amp;humano</translation>
    </message>
    <message>
        <source>Then the characters wait until someone writes.</source>
        <translation>Depois, os personagens esperam alguém escrever.</translation>
    </message>
    <message>
        <source>Scan &amp;depth</source>
        <translation>&amp;Profundidade de busca</translation>
    </message>
    <message>
        <source>How many recent messages are searched for lorebook keys (when a lorebook sets none).</source>
        <translation>Quantas mensagens recentes são vasculhadas atrás das chaves do lorebook (quando o lorebook não define).</translation>
    </message>
    <message>
        <source>&amp;Budget</source>
        <translation>&amp;Orçamento</translation>
    </message>
    <message>
        <source>The most room lorebook entries may take in the prompt (when a lorebook sets none).</source>
        <translation>O espaço máximo que as entradas do lorebook podem ocupar no prompt (quando o lorebook não define).</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notificações</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Iniciar com o sistema</translation>
    </message>
    <message>
        <source>When to reply</source>
        <translation>Quando responder</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Onde</translation>
    </message>
    <message>
        <source>Who may use the bot</source>
        <translation>Quem pode usar o bot</translation>
    </message>
    <message>
        <source>Pace</source>
        <translation>Ritmo</translation>
    </message>
    <message>
        <source>How much</source>
        <translation>Quanto</translation>
    </message>
    <message>
        <source>Character</source>
        <translation>Personagem</translation>
    </message>
    <message>
        <source>Characters in Discord</source>
        <translation>Personagens no Discord</translation>
    </message>
    <message>
        <source>Lorebooks</source>
        <translation>Lorebooks</translation>
    </message>
    <message>
        <source>App</source>
        <translation>Aplicativo</translation>
    </message>
    <message numerus="yes">
        <source>The lists offer the %n server(s) the bot is in now; you can also type an ID (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID).</source>
        <translation>
            <numerusform>As listas oferecem o %n servidor em que o bot está agora; você também pode digitar um ID (no Discord: Configurações → Avançado → Modo desenvolvedor, depois botão direito → Copiar ID).</numerusform>
            <numerusform>As listas oferecem os %n servidores em que o bot está agora; você também pode digitar um ID (no Discord: Configurações → Avançado → Modo desenvolvedor, depois botão direito → Copiar ID).</numerusform>
        </translation>
    </message>
    <message>
        <source>Connect the bot to pick servers and channels from a list, or type IDs (in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID).</source>
        <translation>Conecte o bot para escolher servidores e canais numa lista, ou digite os IDs (no Discord: Configurações → Avançado → Modo desenvolvedor, depois botão direito → Copiar ID).</translation>
    </message>
    <message>
        <source>Commands will be synced again now.</source>
        <translation>Os comandos serão sincronizados de novo agora.</translation>
    </message>
    <message>
        <source>Commands will be synced again when the bot connects.</source>
        <translation>Os comandos serão sincronizados de novo quando o bot se conectar.</translation>
    </message>
    <message>
        <source>Without Manage Webhooks (characters speak there as the bot): {channels}</source>
        <translation>Sem Gerenciar webhooks (ali os personagens falam como o bot): {channels}</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> tokens</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Sem limite</translation>
    </message>
</context>
<context>
    <name>ChannelCasts</name>
    <message>
        <source>Every channel uses the default character alone.</source>
        <extracomment>The &quot; (id)&quot; that ends a known channel&apos;s label: the table leaves it to the tooltip. The Channel column takes at most this share of the table&apos;s width; the cast the rest.</extracomment>
        <translation>Todos os canais usam só o personagem padrão.</translation>
    </message>
    <message>
        <source>A channel&apos;s cast answers together: a message that names a character is answered by it; a mention naming no one, by the first.</source>
        <translation>O elenco de um canal responde em conjunto: uma mensagem que cita um personagem é respondida por ele; uma menção que não cita ninguém, pelo primeiro.</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Cast</source>
        <translation>Elenco</translation>
    </message>
    <message>
        <source>Casts per channel</source>
        <translation>Elencos por canal</translation>
    </message>
    <message>
        <source>Channel whose cast to edit</source>
        <translation>Canal cujo elenco editar</translation>
    </message>
    <message>
        <source>Character to add, remove or make first</source>
        <translation>Personagem a adicionar, remover ou pôr em primeiro</translation>
    </message>
    <message>
        <source>Add to cast</source>
        <translation>Adicionar ao elenco</translation>
    </message>
    <message>
        <source>Add the character to that channel&apos;s cast</source>
        <translation>Adicionar o personagem ao elenco desse canal</translation>
    </message>
    <message>
        <source>Remove from cast</source>
        <translation>Remover do elenco</translation>
    </message>
    <message>
        <source>Remove the character from that channel&apos;s cast</source>
        <translation>Remover o personagem do elenco desse canal</translation>
    </message>
    <message>
        <source>Make first</source>
        <translation>Pôr em primeiro</translation>
    </message>
    <message>
        <source>Make the character first in that channel&apos;s cast</source>
        <translation>Pôr o personagem em primeiro no elenco desse canal</translation>
    </message>
    <message>
        <source>Remove channel</source>
        <translation>Remover canal</translation>
    </message>
    <message>
        <source>Remove the selected channel&apos;s cast</source>
        <translation>Remover o elenco do canal selecionado</translation>
    </message>
    <message>
        <source>{character} is already in the cast of {channel}.</source>
        <translation>{character} já está no elenco de {channel}.</translation>
    </message>
    <message>
        <source>Select a channel in the table first.</source>
        <translation>Selecione primeiro um canal na tabela.</translation>
    </message>
    <message>
        <source>{character} is not in the cast of {channel}.</source>
        <translation>{character} não está no elenco de {channel}.</translation>
    </message>
    <message>
        <source>Pick a channel (or type its ID) and a character.</source>
        <translation>Escolha um canal (ou digite o ID dele) e um personagem.</translation>
    </message>
    <message>
        <source>{id} (not seen by the bot right now)</source>
        <translation>{id} (o bot não o vê agora)</translation>
    </message>
    <message>
        <source>{name} (missing)</source>
        <translation>{name} (não existe)</translation>
    </message>
</context>
<context>
    <name>CharacterForm</name>
    <message>
        <source>must be a number (Unix time in seconds) or empty</source>
        <translation>deve ser um número (tempo Unix em segundos) ou ficar vazio</translation>
    </message>
    <message>
        <source>This is the built-in character: it cannot be changed. Press Duplicate to make your own copy.</source>
        <translation>Este é o personagem embutido: não pode ser alterado. Clique em Duplicar para fazer sua própria cópia.</translation>
    </message>
    <message>
        <source>Avatar</source>
        <translation>Avatar</translation>
    </message>
    <message>
        <source>Change a&amp;vatar…</source>
        <translation>Trocar a&amp;vatar…</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Cartão</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nome</translation>
    </message>
    <message>
        <source>What the character is called</source>
        <translation>Como o personagem se chama</translation>
    </message>
    <message>
        <source>Nic&amp;kname</source>
        <translation>&amp;Apelido</translation>
    </message>
    <message>
        <source>A shorter name some tools show (V3 cards)</source>
        <translation>Um nome mais curto que algumas ferramentas mostram (cartões V3)</translation>
    </message>
    <message>
        <source>Ta&amp;gs</source>
        <translation>&amp;Tags</translation>
    </message>
    <message>
        <source>Separated by commas.</source>
        <translation>Separadas por vírgulas.</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Descrição</translation>
    </message>
    <message>
        <source>&amp;Personality</source>
        <translation>&amp;Personalidade</translation>
    </message>
    <message>
        <source>&amp;Scenario</source>
        <translation>&amp;Cenário</translation>
    </message>
    <message>
        <source>Greetings</source>
        <translation>Saudações</translation>
    </message>
    <message>
        <source>&amp;First message</source>
        <translation>&amp;Primeira mensagem</translation>
    </message>
    <message>
        <source>&amp;Alternate greetings</source>
        <translation>Saudações &amp;alternativas</translation>
    </message>
    <message>
        <source>&amp;Group-only greetings</source>
        <translation>Saudações só para &amp;grupos</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>S&amp;ystem prompt</source>
        <translation>Prompt do &amp;sistema</translation>
    </message>
    <message>
        <source>Empty: Familiar writes one from the description. {{original}} inserts that default.</source>
        <translation>Vazio: o Familiar escreve um a partir da descrição. {{original}} insere esse padrão.</translation>
    </message>
    <message>
        <source>Post-history &amp;instructions</source>
        <translation>&amp;Instruções após o histórico</translation>
    </message>
    <message>
        <source>Sent after the conversation, just before the reply.</source>
        <translation>Enviadas depois da conversa, logo antes da resposta.</translation>
    </message>
    <message>
        <source>&amp;Example dialogues</source>
        <translation>&amp;Diálogos de exemplo</translation>
    </message>
    <message>
        <source>Separate example conversations with a line holding &lt;START&gt;.</source>
        <translation>Separe as conversas de exemplo com uma linha contendo &lt;START&gt;.</translation>
    </message>
    <message>
        <source>Creator</source>
        <translation>Criador</translation>
    </message>
    <message>
        <source>C&amp;reator</source>
        <translation>C&amp;riador</translation>
    </message>
    <message>
        <source>Character &amp;version</source>
        <translation>&amp;Versão do personagem</translation>
    </message>
    <message>
        <source>Creator &amp;notes</source>
        <translation>&amp;Notas do criador</translation>
    </message>
    <message>
        <source>Notes by &amp;language (JSON)</source>
        <translation>Notas por &amp;idioma (JSON)</translation>
    </message>
    <message>
        <source>For example {&quot;fr&quot;: &quot;Bonjour&quot;}; empty for none.</source>
        <translation>Por exemplo {&quot;fr&quot;: &quot;Bonjour&quot;}; vazio para nenhuma.</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>&amp;Fontes</translation>
    </message>
    <message>
        <source>One URL or id per line.</source>
        <translation>Uma URL ou id por linha.</translation>
    </message>
    <message>
        <source>Created (Unix &amp;time)</source>
        <translation>Criado (&amp;tempo Unix)</translation>
    </message>
    <message>
        <source>&amp;Modified (Unix time)</source>
        <translation>&amp;Modificado (tempo Unix)</translation>
    </message>
    <message>
        <source>Set when you save.</source>
        <translation>Definido ao salvar.</translation>
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
        <translation>Salvar o lorebook deste cartão como um arquivo World Info que o SillyTavern consegue importar.</translation>
    </message>
    <message>
        <source>&amp;Lorebook (JSON)</source>
        <translation>&amp;Lorebook (JSON)</translation>
    </message>
    <message>
        <source>The card&apos;s character_book, kept as is. Lorebooks of their own are on the Lorebooks page.</source>
        <translation>O character_book do cartão, mantido como está. Lorebooks independentes ficam na página Lorebooks.</translation>
    </message>
    <message>
        <source>E&amp;xtensions (JSON)</source>
        <translation>E&amp;xtensões (JSON)</translation>
    </message>
    <message>
        <source>Data other tools keep in the card.</source>
        <translation>Dados que outras ferramentas guardam no cartão.</translation>
    </message>
    <message>
        <source>A&amp;ssets (JSON)</source>
        <translation>&amp;Recursos (JSON)</translation>
    </message>
    <message>
        <source>V3 assets list; empty for none.</source>
        <translation>Lista de recursos do V3; vazio para nenhum.</translation>
    </message>
</context>
<context>
    <name>CharactersPage</name>
    <message>
        <source>Character cards (*.png *.json)</source>
        <translation>Cartões de personagem (*.png *.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</source>
        <translation>Imagens (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</translation>
    </message>
    <message>
        <source>World Info for SillyTavern (*.json)</source>
        <extracomment>The errors an action on the character files can end with; each `str()` is a sentence. Suffixes accepted when files are dropped on the window.</extracomment>
        <translation>World Info para o SillyTavern (*.json)</translation>
    </message>
    <message>
        <source>This card has no lorebook of its own.</source>
        <extracomment>The lorebook summary waits for a pause in typing (its JSON is read in a worker thread). List pictures drawn per loop pass when none needs decoding (a few ms on a slow machine).</extracomment>
        <translation>Este cartão não tem lorebook próprio.</translation>
    </message>
    <message numerus="yes">
        <source>This card&apos;s own lorebook has %n entry(s); it is used whenever this character answers.</source>
        <translation>
            <numerusform>O lorebook próprio deste cartão tem %n entrada; ele é usado sempre que este personagem responde.</numerusform>
            <numerusform>O lorebook próprio deste cartão tem %n entradas; ele é usado sempre que este personagem responde.</numerusform>
        </translation>
    </message>
    <message>
        <source>The lorebook is not valid JSON yet (the field says where).</source>
        <translation>O lorebook ainda não é um JSON válido (o campo mostra onde).</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Personagens</translation>
    </message>
    <message>
        <source>Ne&amp;w</source>
        <translation>&amp;Novo</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importar…</translation>
    </message>
    <message>
        <source>Import PNG or JSON character cards (V1, V2, V3); you can also drop them on this window.</source>
        <translation>Importar cartões de personagem PNG ou JSON (V1, V2, V3); você também pode soltá-los nesta janela.</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplicar</translation>
    </message>
    <message>
        <source>Dele&amp;te…</source>
        <translation>E&amp;xcluir…</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xportar</translation>
    </message>
    <message>
        <source>PNG card (V3, readable by V2 tools)…</source>
        <translation>Cartão PNG (V3, legível por ferramentas V2)…</translation>
    </message>
    <message>
        <source>JSON card (V3)…</source>
        <translation>Cartão JSON (V3)…</translation>
    </message>
    <message>
        <source>JSON card (V2)…</source>
        <translation>Cartão JSON (V2)…</translation>
    </message>
    <message>
        <source>De&amp;fault character</source>
        <translation>Personagem &amp;padrão</translation>
    </message>
    <message>
        <source>Casts per &amp;channel</source>
        <translation>Elencos por &amp;canal</translation>
    </message>
    <message>
        <source>Who answers</source>
        <translation>Quem responde</translation>
    </message>
    <message>
        <source>Not saved: fix the marked fields of this character.</source>
        <translation>Não salvo: corrija os campos marcados deste personagem.</translation>
    </message>
    <message>
        <source>The environment variable {variable} chooses the default character: {name}. It wins over what is saved here; the casts per channel still apply.</source>
        <translation>A variável de ambiente {variable} escolhe o personagem padrão: {name}. Ela tem prioridade sobre o que está salvo aqui; os elencos por canal continuam valendo.</translation>
    </message>
    <message>
        <source>The environment variable {variable} is “{value}”, but it names no character Familiar can use (the status line above says why). It wins over what is saved here.</source>
        <translation>A variável de ambiente {variable} vale “{value}”, mas não indica nenhum personagem que o Familiar possa usar (a linha de status acima diz por quê). Ela tem prioridade sobre o que está salvo aqui.</translation>
    </message>
    <message>
        <source>Set by the environment variable {variable}</source>
        <translation>Definido pela variável de ambiente {variable}</translation>
    </message>
    <message>
        <source>“{value}” (not usable)</source>
        <translation>“{value}” (não utilizável)</translation>
    </message>
    <message>
        <source>“{name}” has no lorebook in its card.</source>
        <translation>“{name}” não tem lorebook no cartão.</translation>
    </message>
    <message>
        <source>Export the card&apos;s lorebook</source>
        <translation>Exportar o lorebook do cartão</translation>
    </message>
    <message>
        <source>Exported the lorebook of “{name}” to {path}; SillyTavern can import it as World Info.</source>
        <translation>O lorebook de “{name}” foi exportado para {path}; o SillyTavern pode importá-lo como World Info.</translation>
    </message>
    <message>
        <source>Choose an avatar</source>
        <translation>Escolher um avatar</translation>
    </message>
    <message>
        <source>&apos;{file}&apos; is not an image Familiar can read.</source>
        <translation>“{file}” não é uma imagem que o Familiar consiga ler.</translation>
    </message>
    <message>
        <source>New avatar: press Save to keep it.</source>
        <translation>Avatar novo: clique em Salvar para mantê-lo.</translation>
    </message>
    <message>
        <source>New character</source>
        <translation>Personagem novo</translation>
    </message>
    <message>
        <source>Added “{name}”: give it a name and a description, then Save.</source>
        <translation>“{name}” adicionado: dê a ele um nome e uma descrição e depois salve.</translation>
    </message>
    <message>
        <source>Made “{name}”, a copy you can edit.</source>
        <translation>“{name}” criado, uma cópia que você pode editar.</translation>
    </message>
    <message>
        <source>Delete character</source>
        <translation>Excluir personagem</translation>
    </message>
    <message>
        <source>Delete “{name}”?</source>
        <translation>Excluir “{name}”?</translation>
    </message>
    <message>
        <source>Its card and avatar files are removed. This cannot be undone (export it first to keep a copy).</source>
        <translation>Os arquivos do cartão e do avatar são apagados. Isso não pode ser desfeito (exporte antes para guardar uma cópia).</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>“{name}” excluído.</translation>
    </message>
    <message>
        <source>Import character cards</source>
        <translation>Importar cartões de personagem</translation>
    </message>
    <message>
        <source>Imported {names}.</source>
        <translation>Importado: {names}.</translation>
    </message>
    <message>
        <source>PNG card (*.png)</source>
        <translation>Cartão PNG (*.png)</translation>
    </message>
    <message>
        <source>JSON card (*.json)</source>
        <translation>Cartão JSON (*.json)</translation>
    </message>
    <message>
        <source>Export character</source>
        <translation>Exportar personagem</translation>
    </message>
    <message>
        <source>Exported “{name}” to {path}.</source>
        <translation>“{name}” exportado para {path}.</translation>
    </message>
    <message>
        <source>Fix the marked fields first.</source>
        <translation>Corrija primeiro os campos marcados.</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Your OpenAI key (sk-…)</source>
        <extracomment>(name, base URL or None for &quot;type your own&quot;, what the key field should say); the words are translated where shown, the providers&apos; names are names.</extracomment>
        <translation>Sua chave da OpenAI (sk-…)</translation>
    </message>
    <message>
        <source>Your OpenRouter key (sk-or-…)</source>
        <translation>Sua chave do OpenRouter (sk-or-…)</translation>
    </message>
    <message>
        <source>Leave empty: Ollama needs no key</source>
        <translation>Deixe vazio: o Ollama não precisa de chave</translation>
    </message>
    <message>
        <source>Leave empty: LM Studio needs no key</source>
        <translation>Deixe vazio: o LM Studio não precisa de chave</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Personalizado</translation>
    </message>
    <message>
        <source>The server&apos;s key, if it needs one</source>
        <translation>A chave do servidor, se ele precisar</translation>
    </message>
    <message>
        <source>Discord bot token</source>
        <extracomment>How the banner names each field (as its label does).</extracomment>
        <translation>Token do bot do Discord</translation>
    </message>
    <message>
        <source>Discord API base</source>
        <translation>Base da API do Discord</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>URL base</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Chave de API</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Paste the bot token from the Developer Portal (your app → Bot)</source>
        <extracomment>(token, API base) the last token test found working, and when: what its sentence is about.</extracomment>
        <translation>Cole o token do bot do Developer Portal (seu app → Bot)</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Mostrar</translation>
    </message>
    <message>
        <source>Show the bot token</source>
        <translation>Mostrar o token do bot</translation>
    </message>
    <message>
        <source>&amp;Test token</source>
        <translation>&amp;Testar token</translation>
    </message>
    <message>
        <source>Logging in to Discord…</source>
        <translation>Entrando no Discord…</translation>
    </message>
    <message>
        <source>Bot avatar</source>
        <translation>Avatar do bot</translation>
    </message>
    <message>
        <source>Test the token to get the invite link</source>
        <translation>Teste o token para obter o link de convite</translation>
    </message>
    <message>
        <source>&amp;Copy link</source>
        <translation>&amp;Copiar link</translation>
    </message>
    <message>
        <source>Open in &amp;browser</source>
        <translation>Abrir no &amp;navegador</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>M&amp;ostrar</translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation>Mostrar a chave de API</translation>
    </message>
    <message>
        <source>&amp;Get model list</source>
        <translation>&amp;Obter lista de modelos</translation>
    </message>
    <message>
        <source>Asking the server for its models…</source>
        <translation>Pedindo ao servidor a lista de modelos…</translation>
    </message>
    <message>
        <source>Test &amp;model</source>
        <translation>Testar &amp;modelo</translation>
    </message>
    <message>
        <source>Sending one short request…</source>
        <translation>Enviando uma solicitação curta…</translation>
    </message>
    <message>
        <source> s</source>
        <comment>unit after a number of seconds</comment>
        <translation> s</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Avançado</translation>
    </message>
    <message>
        <source>Discord &amp;bot token</source>
        <translation>Token do &amp;bot do Discord</translation>
    </message>
    <message>
        <source>&amp;Invite link</source>
        <translation>Link de &amp;convite</translation>
    </message>
    <message>
        <source>Open it to add the bot to one of your servers. It asks only for: View Channels, Send Messages, Send Messages in Threads, Read Message History, Use Application Commands (the slash commands), and Manage Webhooks (so characters speak under their own name and avatar).</source>
        <translation>Abra-o para adicionar o bot a um dos seus servidores. Ele pede só: Ver canais, Enviar mensagens, Enviar mensagens em tópicos, Ler histórico de mensagens, Usar comandos de aplicativo (os comandos de barra) e Gerenciar webhooks (para que os personagens falem com o próprio nome e avatar).</translation>
    </message>
    <message>
        <source>Model server</source>
        <translation>Servidor do modelo</translation>
    </message>
    <message>
        <source>&amp;Provider</source>
        <translation>&amp;Provedor</translation>
    </message>
    <message>
        <source>Fills in the base URL; pick Custom for any other server.</source>
        <translation>Preenche a URL base; escolha Personalizado para qualquer outro servidor.</translation>
    </message>
    <message>
        <source>Base &amp;URL</source>
        <translation>&amp;URL base</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>&amp;Chave de API</translation>
    </message>
    <message>
        <source>Mo&amp;del</source>
        <translation>Mo&amp;delo</translation>
    </message>
    <message>
        <source>Discord &amp;API base</source>
        <translation>Base da &amp;API do Discord</translation>
    </message>
    <message>
        <source>Only for Discord-compatible servers; changing it reconnects the bot.</source>
        <translation>Só para servidores compatíveis com o Discord; mudar isto reconecta o bot.</translation>
    </message>
    <message>
        <source>Model request &amp;timeout</source>
        <translation>&amp;Tempo limite das solicitações ao modelo</translation>
    </message>
    <message>
        <source>Images: the model {model} answered that it cannot take images, so pictures reach it as short text notes until the model changes.</source>
        <translation>Imagens: o modelo {model} respondeu que não aceita imagens, então elas chegam a ele como notas curtas de texto até o modelo mudar.</translation>
    </message>
    <message>
        <source>Set by the environment variable {variable}</source>
        <translation>Definido pela variável de ambiente {variable}</translation>
    </message>
    <message>
        <source>The model is set by {variable}</source>
        <translation>O modelo é definido por {variable}</translation>
    </message>
    <message>
        <source>The base URL is set by {variable}</source>
        <translation>A URL base é definida por {variable}</translation>
    </message>
    <message>
        <source>Set by environment variables, which win over anything saved here, so they cannot be changed in this window: {fields}. To change one, change or remove the variable where Familiar is started, then start it again.</source>
        <translation>Definidos por variáveis de ambiente, que têm prioridade sobre o que está salvo aqui, então não podem ser alterados nesta janela: {fields}. Para mudar um, altere ou remova a variável onde o Familiar é iniciado e inicie-o de novo.</translation>
    </message>
    <message>
        <source>Fix the Discord API base under Advanced first.</source>
        <translation>Corrija primeiro a base da API do Discord em Avançado.</translation>
    </message>
    <message numerus="yes">
        <source>{name} · in %n server(s)</source>
        <translation>
            <numerusform>{name} · em %n servidor</numerusform>
            <numerusform>{name} · em %n servidores</numerusform>
        </translation>
    </message>
    <message>
        <source>The token works: this is {name}.</source>
        <translation>O token funciona: este é {name}.</translation>
    </message>
    <message>
        <source>Use the invite link to add it to a server.</source>
        <translation>Use o link de convite para adicioná-lo a um servidor.</translation>
    </message>
    <message>
        <source>Save if you changed the token, or press Reconnect now to try again.</source>
        <translation>Salve se você mudou o token, ou clique em Reconectar agora para tentar de novo.</translation>
    </message>
    <message>
        <source>Invite link copied.</source>
        <translation>Link de convite copiado.</translation>
    </message>
    <message>
        <source>Fix the base URL first.</source>
        <translation>Corrija primeiro a URL base.</translation>
    </message>
    <message numerus="yes">
        <source>The server lists %n model(s); the model is set by {variable}.</source>
        <translation>
            <numerusform>O servidor lista %n modelo; o modelo é definido por {variable}.</numerusform>
            <numerusform>O servidor lista %n modelos; o modelo é definido por {variable}.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server lists no models; type the model name.</source>
        <translation>O servidor não lista modelos; digite o nome do modelo.</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) available: pick one from the list or type a name.</source>
        <translation>
            <numerusform>%n modelo disponível: escolha na lista ou digite um nome.</numerusform>
            <numerusform>%n modelos disponíveis: escolha um na lista ou digite um nome.</numerusform>
        </translation>
    </message>
    <message>
        <source>The model answered in {seconds} s: “{reply}”</source>
        <translation>O modelo respondeu em {seconds} s: “{reply}”</translation>
    </message>
    <message>
        <source>(an empty reply)</source>
        <translation>(uma resposta vazia)</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <source>item {index}: {reason}</source>
        <translation>item {index}: {reason}</translation>
    </message>
    <message>
        <source>not valid JSON: {problem} at line {line}, column {column}</source>
        <translation>JSON inválido: {problem} na linha {line}, coluna {column}</translation>
    </message>
    <message>
        <source>{name} (missing)</source>
        <translation>{name} (não existe)</translation>
    </message>
</context>
<context>
    <name>IdListEditor</name>
    <message>
        <source>Add</source>
        <translation>Adicionar</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>{id} (not seen by the bot right now)</source>
        <translation>{id} (o bot não o vê agora)</translation>
    </message>
</context>
<context>
    <name>IdPicker</name>
    <message>
        <source>Pick a channel or type its ID</source>
        <extracomment>Discord IDs (snowflakes) are up to 20 digits.</extracomment>
        <translation>Escolha um canal ou digite o ID dele</translation>
    </message>
    <message>
        <source>Channel to add</source>
        <translation>Canal a adicionar</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canais</translation>
    </message>
    <message>
        <source>Add the channel</source>
        <translation>Adicionar o canal</translation>
    </message>
    <message>
        <source>Remove the selected channel</source>
        <translation>Remover o canal selecionado</translation>
    </message>
    <message>
        <source>Pick a channel from the list or type its numeric ID.</source>
        <translation>Escolha um canal da lista ou digite o ID numérico dele.</translation>
    </message>
    <message>
        <source>Pick a server or type its ID</source>
        <translation>Escolha um servidor ou digite o ID dele</translation>
    </message>
    <message>
        <source>Server to add</source>
        <translation>Servidor a adicionar</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Servidores</translation>
    </message>
    <message>
        <source>Add the server</source>
        <translation>Adicionar o servidor</translation>
    </message>
    <message>
        <source>Remove the selected server</source>
        <translation>Remover o servidor selecionado</translation>
    </message>
    <message>
        <source>Pick a server from the list or type its numeric ID.</source>
        <translation>Escolha um servidor da lista ou digite o ID numérico dele.</translation>
    </message>
    <message>
        <source>Type the person&apos;s ID</source>
        <translation>Digite o ID da pessoa</translation>
    </message>
    <message>
        <source>Person to add</source>
        <translation>Pessoa a adicionar</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Pessoas</translation>
    </message>
    <message>
        <source>Add the person</source>
        <translation>Adicionar a pessoa</translation>
    </message>
    <message>
        <source>Remove the selected person</source>
        <translation>Remover a pessoa selecionada</translation>
    </message>
    <message>
        <source>Type the person&apos;s numeric ID.</source>
        <translation>Digite o ID numérico da pessoa.</translation>
    </message>
    <message>
        <source>{list}: person ID to add</source>
        <translation>{list}: ID da pessoa a adicionar</translation>
    </message>
    <message>
        <source>Type the role&apos;s ID</source>
        <translation>Digite o ID do cargo</translation>
    </message>
    <message>
        <source>Role to add</source>
        <translation>Cargo a adicionar</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Cargos</translation>
    </message>
    <message>
        <source>Add the role</source>
        <translation>Adicionar o cargo</translation>
    </message>
    <message>
        <source>Remove the selected role</source>
        <translation>Remover o cargo selecionado</translation>
    </message>
    <message>
        <source>Type the role&apos;s numeric ID.</source>
        <translation>Digite o ID numérico do cargo.</translation>
    </message>
    <message>
        <source>{list}: role ID to add</source>
        <translation>{list}: ID do cargo a adicionar</translation>
    </message>
    <message>
        <source>#{channel} in {server} ({id})</source>
        <comment>keep ({id}) at the end: the ID is read back from there</comment>
        <translation>#{channel} em {server} ({id})</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <source>Everything (debug)</source>
        <extracomment>How often new lines are drained from the buffer into the view. Lines taken from the buffer at a time, and how long one pass may add batches before the loop (the bot&apos;s too) runs again: 10,000 waiting lines fill the view over several passes.</extracomment>
        <translation>Tudo (depuração)</translation>
    </message>
    <message>
        <source>Information and above</source>
        <translation>Informação e acima</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Avisos e erros</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Só erros</translation>
    </message>
    <message>
        <source>Show only lines containing…</source>
        <translation>Mostrar só as linhas que contêm…</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>&amp;Copy shown lines</source>
        <translation>&amp;Copiar as linhas mostradas</translation>
    </message>
    <message>
        <source>&amp;Open log folder</source>
        <translation>&amp;Abrir a pasta de logs</translation>
    </message>
    <message>
        <source>&amp;Follow new lines</source>
        <translation>&amp;Acompanhar linhas novas</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>Pasta de logs</translation>
    </message>
    <message>
        <source>&amp;Level</source>
        <translation>&amp;Nível</translation>
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
        <translation>Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>World Info for SillyTavern (*.json)</source>
        <translation>World Info para o SillyTavern (*.json)</translation>
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
        <translation>Ainda não há lorebooks. Importe arquivos World Info exportados do SillyTavern (.json) ou solte-os nesta janela.</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importar…</translation>
    </message>
    <message>
        <source>Import SillyTavern World Info files (or a card&apos;s lorebook saved as JSON); you can also drop them on this window.</source>
        <translation>Importar arquivos World Info do SillyTavern (ou o lorebook de um cartão salvo como JSON); você também pode soltá-los nesta janela.</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportar…</translation>
    </message>
    <message>
        <source>Save the selected lorebook as a World Info file SillyTavern can import.</source>
        <translation>Salvar o lorebook selecionado como um arquivo World Info que o SillyTavern consegue importar.</translation>
    </message>
    <message>
        <source>Dele&amp;te…</source>
        <translation>E&amp;xcluir…</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Chaves</translation>
    </message>
    <message>
        <source>Used when</source>
        <translation>Usada quando</translation>
    </message>
    <message>
        <source>Entries of the lorebook</source>
        <translation>Entradas do lorebook</translation>
    </message>
    <message>
        <source>&amp;Not used</source>
        <translation>&amp;Não usado</translation>
    </message>
    <message>
        <source>For &amp;every character</source>
        <translation>Para &amp;todos os personagens</translation>
    </message>
    <message>
        <source>Only for the c&amp;haracters ticked below</source>
        <translation>Só para os &amp;personagens marcados abaixo</translation>
    </message>
    <message>
        <source>Characters that use this lorebook</source>
        <translation>Personagens que usam este lorebook</translation>
    </message>
    <message>
        <source>Where it is used</source>
        <translation>Onde é usado</translation>
    </message>
    <message>
        <source>A character&apos;s own lorebook (in its card) is always used for it; the ones chosen here come after it. Changes here are kept when you press Save.</source>
        <translation>O lorebook próprio de um personagem (o do cartão) é sempre usado para ele; os escolhidos aqui vêm depois. As mudanças daqui são mantidas ao clicar em Salvar.</translation>
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
        <translation>todos os personagens</translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation>
            <numerusform>%n personagem</numerusform>
            <numerusform>%n personagens</numerusform>
        </translation>
    </message>
    <message>
        <source>not used</source>
        <translation>não usado</translation>
    </message>
    <message>
        <source>Its entries, and where it is used, show here.</source>
        <translation>Aqui aparecem as entradas e onde ele é usado.</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s), kept as {file} in Familiar&apos;s lorebook folder.</source>
        <translation>
            <numerusform>%n entrada, guardada como {file} na pasta de lorebooks do Familiar.</numerusform>
            <numerusform>%n entradas, guardadas como {file} na pasta de lorebooks do Familiar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>…and %n more (see the log).</source>
        <translation>
            <numerusform>…e mais %n (veja o log).</numerusform>
            <numerusform>…e mais %n (veja o log).</numerusform>
        </translation>
    </message>
    <message>
        <source>When it was read:</source>
        <translation>Ao ler:</translation>
    </message>
    <message>
        <source>(with: {keys})</source>
        <translation>(com: {keys})</translation>
    </message>
    <message>
        <source>never (switched off)</source>
        <translation>nunca (desligada)</translation>
    </message>
    <message>
        <source>always</source>
        <translation>sempre</translation>
    </message>
    <message>
        <source>a key is mentioned</source>
        <translation>uma chave é mencionada</translation>
    </message>
    <message>
        <source>{id} (not a saved character)</source>
        <translation>{id} (não é um personagem salvo)</translation>
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
        <translation>Escolha abaixo onde ele é usado e depois salve.</translation>
    </message>
    <message>
        <source>Choose where each is used, then Save.</source>
        <translation>Escolha onde cada um é usado e depois salve.</translation>
    </message>
    <message>
        <source>Export lorebook</source>
        <translation>Exportar lorebook</translation>
    </message>
    <message>
        <source>Exported “{name}” to {path}; SillyTavern can import it as World Info.</source>
        <translation>“{name}” exportado para {path}; o SillyTavern pode importá-lo como World Info.</translation>
    </message>
    <message>
        <source>Delete lorebook</source>
        <translation>Excluir lorebook</translation>
    </message>
    <message>
        <source>Delete “{name}”?</source>
        <translation>Excluir “{name}”?</translation>
    </message>
    <message>
        <source>Its file is removed. This cannot be undone (export it first to keep a copy).</source>
        <translation>O arquivo dele é apagado. Isso não pode ser desfeito (exporte antes para guardar uma cópia).</translation>
    </message>
    <message>
        <source>Deleted “{name}”. Press Save to stop using it for the characters it was attached to.</source>
        <translation>“{name}” excluído. Clique em Salvar para parar de usá-lo nos personagens aos quais estava ligado.</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>“{name}” excluído.</translation>
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
        <translation>Problema inesperado ({error}); os detalhes estão no log.</translation>
    </message>
</context>
<context>
    <name>Notify</name>
    <message>
        <source>Familiar is back online</source>
        <translation>O Familiar voltou a ficar online</translation>
    </message>
    <message>
        <source>A fatal error.</source>
        <translation>Um erro grave.</translation>
    </message>
    <message>
        <source>Familiar stopped connecting</source>
        <translation>O Familiar parou de tentar se conectar</translation>
    </message>
    <message numerus="yes">
        <source>Still trying to reach Discord after %n s</source>
        <translation>
            <numerusform>Ainda tentando alcançar o Discord depois de %n s</numerusform>
            <numerusform>Ainda tentando alcançar o Discord depois de %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Familiar is offline</source>
        <translation>O Familiar está offline</translation>
    </message>
    <message>
        <source>Connected as {user}.</source>
        <translation>Conectado como {user}.</translation>
    </message>
    <message>
        <source>Connected to Discord.</source>
        <translation>Conectado ao Discord.</translation>
    </message>
</context>
<context>
    <name>OpenFolder</name>
    <message>
        <source>Could not create the folder {folder}: {error}.</source>
        <translation>Não foi possível criar a pasta {folder}: {error}.</translation>
    </message>
    <message>
        <source>No file manager is set up to open folders on this computer. The folder is: {folder}</source>
        <translation>Nenhum gerenciador de arquivos está configurado para abrir pastas neste computador. A pasta é: {folder}</translation>
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
        <translation>Mais alta é mais variada e surpreendente; mais baixa é mais estável.</translation>
    </message>
    <message>
        <source>Top &amp;p</source>
        <translation>Top &amp;p</translation>
    </message>
    <message>
        <source>Only the most likely words whose chances add up to this are considered.</source>
        <translation>Só são consideradas as palavras mais prováveis cujas chances somam este valor.</translation>
    </message>
    <message>
        <source>Longest &amp;reply</source>
        <translation>&amp;Resposta mais longa</translation>
    </message>
    <message>
        <source>In tokens (about ¾ of a word each).</source>
        <translation>Em tokens (cada um, cerca de ¾ de palavra).</translation>
    </message>
    <message>
        <source>&amp;Frequency penalty</source>
        <translation>Penalidade de &amp;frequência</translation>
    </message>
    <message>
        <source>Above 0 discourages repeating the same words.</source>
        <translation>Acima de 0 desestimula repetir as mesmas palavras.</translation>
    </message>
    <message>
        <source>Pr&amp;esence penalty</source>
        <translation>Penalidade de pr&amp;esença</translation>
    </message>
    <message>
        <source>Above 0 encourages new topics.</source>
        <translation>Acima de 0 incentiva assuntos novos.</translation>
    </message>
    <message>
        <source>Conte&amp;xt budget</source>
        <translation>Orçamento de conte&amp;xto</translation>
    </message>
    <message>
        <source>How much conversation, in tokens, goes into each prompt.</source>
        <translation>Quanto da conversa, em tokens, entra em cada prompt.</translation>
    </message>
    <message>
        <source>Balanced</source>
        <extracomment>The built-in presets&apos; names (bot/presets.py), shown in the user&apos;s language.</extracomment>
        <translation>Equilibrado</translation>
    </message>
    <message>
        <source>Creative</source>
        <translation>Criativo</translation>
    </message>
    <message>
        <source>Precise</source>
        <translation>Preciso</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Predefinições</translation>
    </message>
    <message>
        <source>Ne&amp;w</source>
        <translation>&amp;Novo</translation>
    </message>
    <message>
        <source>My preset</source>
        <translation>Minha predefinição</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplicar</translation>
    </message>
    <message>
        <source>Dele&amp;te…</source>
        <translation>E&amp;xcluir…</translation>
    </message>
    <message>
        <source>Built-in presets cannot be changed. Press Duplicate to make your own copy.</source>
        <translation>Predefinições embutidas não podem ser alteradas. Clique em Duplicar para fazer sua própria cópia.</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nome</translation>
    </message>
    <message>
        <source>{field} slider</source>
        <translation>Controle deslizante de {field}</translation>
    </message>
    <message>
        <source>From {low} to {high}.</source>
        <translation>De {low} a {high}.</translation>
    </message>
    <message>
        <source>&amp;Stop sequences</source>
        <translation>&amp;Sequências de parada</translation>
    </message>
    <message>
        <source>One per line, at most four; the reply ends where one appears.</source>
        <translation>Uma por linha, no máximo quatro; a resposta termina onde uma aparecer.</translation>
    </message>
    <message>
        <source>Preset &amp;in use</source>
        <translation>Predefinição &amp;em uso</translation>
    </message>
    <message>
        <source>The bot and the chat preview use this one.</source>
        <translation>O bot e a prévia do chat usam esta.</translation>
    </message>
    <message>
        <source>Not saved: fix the marked fields of this preset.</source>
        <translation>Não salvo: corrija os campos marcados desta predefinição.</translation>
    </message>
    <message>
        <source>{name} (copy)</source>
        <translation>{name} (cópia)</translation>
    </message>
    <message>
        <source>Made “{name}”: change it, then Save.</source>
        <translation>“{name}” criada: altere-a e depois salve.</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>Excluir predefinição</translation>
    </message>
    <message>
        <source>Delete the preset “{name}”?</source>
        <translation>Excluir a predefinição “{name}”?</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>“{name}” excluído.</translation>
    </message>
    <message>
        <source>{name} (built-in)</source>
        <translation>{name} (embutida)</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Tick characters to make a group chat: your message is answered by the characters it names, in the order named; naming no one, by the first (or whoever spoke last, as set on the Behaviour page).</source>
        <extracomment>(base URL, key, model, timeout) as typed on the Connection page. A character&apos;s avatar PNG by id (None: it has none), e.g. `CharacterStore.avatar_bytes`. The avatar beside each turn and in the cast list, in device-independent pixels. Image resources of the conversation: &quot;avatar:character/&lt;id&gt;&quot; and &quot;avatar:person/&lt;name&gt;&quot;.</extracomment>
        <translation>Marque personagens para fazer um chat em grupo: sua mensagem é respondida pelos personagens que ela cita, na ordem citada; se não citar ninguém, pelo primeiro (ou por quem falou por último, conforme a página Comportamento).</translation>
    </message>
    <message>
        <source>After a reply, this lists the lorebook entries it used, and the ones that matched but were left out.</source>
        <extracomment>Discord&apos;s tag beside the name of a bot&apos;s or a webhook&apos;s message (a character speaking).</extracomment>
        <translation>Depois de uma resposta, aqui aparecem as entradas do lorebook que ela usou e as que combinaram mas ficaram de fora.</translation>
    </message>
    <message>
        <source>before the character&apos;s description</source>
        <extracomment>The text column of a turn starts after the avatar; notes above a turn line up with it.</extracomment>
        <translation>antes da descrição do personagem</translation>
    </message>
    <message>
        <source>after the character&apos;s description</source>
        <translation>depois da descrição do personagem</translation>
    </message>
    <message>
        <source>before the example dialogues</source>
        <translation>antes dos diálogos de exemplo</translation>
    </message>
    <message>
        <source>after the example dialogues</source>
        <translation>depois dos diálogos de exemplo</translation>
    </message>
    <message>
        <source>after the last message</source>
        <translation>depois da última mensagem</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) from the end</source>
        <translation>
            <numerusform>a %n mensagem do fim</numerusform>
            <numerusform>a %n mensagens do fim</numerusform>
        </translation>
    </message>
    <message>
        <source>in the chat, {spot}, as a system message</source>
        <translation>no chat, {spot}, como mensagem do sistema</translation>
    </message>
    <message>
        <source>in the chat, {spot}, as a user message</source>
        <translation>no chat, {spot}, como mensagem do usuário</translation>
    </message>
    <message>
        <source>in the chat, {spot}, as an assistant message</source>
        <translation>no chat, {spot}, como mensagem do assistente</translation>
    </message>
    <message>
        <source>in the chat, {spot}, as a {role} message</source>
        <translation>no chat, {spot}, como mensagem do tipo {role}</translation>
    </message>
    <message>
        <source>in an outlet (only where a card writes {{outlet::…}})</source>
        <translation>num outlet (só onde um cartão escreve {{outlet::…}})</translation>
    </message>
    <message>
        <source>always on</source>
        <translation>sempre ligada</translation>
    </message>
    <message>
        <source>switched on by @@activate</source>
        <translation>ligada por @@activate</translation>
    </message>
    <message>
        <source>a key</source>
        <translation>uma chave</translation>
    </message>
    <message>
        <source>matched {keys}</source>
        <translation>combinou com {keys}</translation>
    </message>
    <message numerus="yes">
        <source>{reason} and the secondary key(s) {keys}</source>
        <translation>
            <numerusform>{reason} e a chave secundária {keys}</numerusform>
            <numerusform>{reason} e as chaves secundárias {keys}</numerusform>
        </translation>
    </message>
    <message>
        <source>{reason} in the text of another entry</source>
        <translation>{reason} no texto de outra entrada</translation>
    </message>
    <message>
        <source>No lorebook entry matched the last reply.</source>
        <translation>Nenhuma entrada do lorebook combinou com a última resposta.</translation>
    </message>
    <message>
        <source>(about {used} of {budget} tokens)</source>
        <translation>(cerca de {used} de {budget} tokens)</translation>
    </message>
    <message>
        <source>Used for the last reply: {count}</source>
        <translation>Usadas na última resposta: {count}</translation>
    </message>
    <message>
        <source>goes {where}.</source>
        <translation>vai {where}.</translation>
    </message>
    <message>
        <source>Matched but left out: {count}</source>
        <translation>Combinaram mas ficaram de fora: {count}</translation>
    </message>
    <message>
        <source>left out: {reason}.</source>
        <translation>ficou de fora: {reason}.</translation>
    </message>
    <message>
        <source>Others in the cast</source>
        <extracomment>What the greeting shown was chosen from: (character id, mode, user, the card&apos;s greetings). The saved default character and preset in use, and whether the user picked others here. Character id -&gt; (its avatar PNG, decoded as a disc); placeholders by name.</extracomment>
        <translation>Outros no elenco</translation>
    </message>
    <message>
        <source>Tick the characters who join the first one in the conversation</source>
        <translation>Marque os personagens que se juntam ao primeiro na conversa</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Você</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Conversa</translation>
    </message>
    <message>
        <source>Say something to try the character. Nothing here goes to Discord.</source>
        <translation>Diga algo para testar o personagem. Nada daqui vai para o Discord.</translation>
    </message>
    <message>
        <source>Lorebook entries of the last reply</source>
        <translation>Entradas do lorebook da última resposta</translation>
    </message>
    <message>
        <source>Your message (Ctrl+Enter sends)</source>
        <translation>Sua mensagem (Ctrl+Enter envia)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Enviar</translation>
    </message>
    <message>
        <source>The character is typing…</source>
        <translation>O personagem está digitando…</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>&amp;Regenerar</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Limpar</translation>
    </message>
    <message>
        <source>&amp;Character</source>
        <translation>&amp;Personagem</translation>
    </message>
    <message>
        <source>&amp;Others in the cast</source>
        <translation>&amp;Outros no elenco</translation>
    </message>
    <message>
        <source>&amp;Preset</source>
        <translation>Pre&amp;definição</translation>
    </message>
    <message>
        <source>Your &amp;name</source>
        <translation>Seu &amp;nome</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;Mensagem</translation>
    </message>
    <message>
        <source>&amp;Lorebook entries</source>
        <translation>Entradas do &amp;lorebook</translation>
    </message>
    <message>
        <source>Model: {model} at {url}, as typed on the Connection page.</source>
        <translation>Modelo: {model} em {url}, como digitado na página Conexão.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(nenhum)</translation>
    </message>
    <message>
        <source>(no base URL)</source>
        <translation>(sem URL base)</translation>
    </message>
    <message>
        <source>Pick a character and a preset first.</source>
        <translation>Escolha primeiro um personagem e uma predefinição.</translation>
    </message>
    <message>
        <source>Fill in the model server and model on the Connection page first.</source>
        <translation>Preencha primeiro o servidor do modelo e o modelo na página Conexão.</translation>
    </message>
    <message>
        <source>(the model stopped mid-reply)</source>
        <translation>(o modelo parou no meio da resposta)</translation>
    </message>
    <message>
        <source>(stopped)</source>
        <translation>(interrompido)</translation>
    </message>
    <message>
        <source>(thinking…)</source>
        <translation>(pensando…)</translation>
    </message>
    <message numerus="yes">
        <source>The model&apos;s reasoning (%n word(s); click to hide)</source>
        <extracomment>The tag&apos;s text, padded inside its coloured box (and taken off again in `_turn_text`).</extracomment>
        <translation>
            <numerusform>Raciocínio do modelo (%n palavra; clique para ocultar)</numerusform>
            <numerusform>Raciocínio do modelo (%n palavras; clique para ocultar)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The model&apos;s reasoning (%n word(s); click to show)</source>
        <translation>
            <numerusform>Raciocínio do modelo (%n palavra; clique para mostrar)</numerusform>
            <numerusform>Raciocínio do modelo (%n palavras; clique para mostrar)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Saving</name>
    <message>
        <source>the file {path}</source>
        <translation>o arquivo {path}</translation>
    </message>
    <message>
        <source>the system keyring ({backend})</source>
        <translation>o chaveiro do sistema ({backend})</translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <source>About</source>
        <translation>Sobre</translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation>Comportamento</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Personagens</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Conexão</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Lorebooks</source>
        <translation>Lorebooks</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Predefinições</translation>
    </message>
    <message>
        <source>Chat preview</source>
        <translation>Prévia do chat</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Uso</translation>
    </message>
    <message>
        <source>Familiar settings</source>
        <translation>Configurações do Familiar</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <extracomment>Invalid fields get a red frame (the reason is written under them too, so colour is not the only cue). What saving can fail with; each `str()` is a sentence. After a save that reconnects: (the bot&apos;s state then, whether it has left it since).</extracomment>
        <translation>Páginas de configurações</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Reco&amp;nnect now</source>
        <translation>Reco&amp;nectar agora</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Salvar</translation>
    </message>
    <message>
        <source>Save and apply ({keys})</source>
        <translation>Salvar e aplicar ({keys})</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Reverter</translation>
    </message>
    <message>
        <source>Forget unsaved changes and show what is saved</source>
        <translation>Descartar as mudanças não salvas e mostrar o que está salvo</translation>
    </message>
    <message>
        <source>&amp;Quit Familiar</source>
        <translation>Sai&amp;r do Familiar</translation>
    </message>
    <message>
        <source>Not set up yet: paste the bot token on the Connection page, then Save</source>
        <translation>Ainda não configurado: cole o token do bot na página Conexão e depois salve</translation>
    </message>
    <message>
        <source>Discord rejected the token in {variable}: change the variable, then start Familiar again</source>
        <translation>O Discord recusou o token em {variable}: mude a variável e inicie o Familiar de novo</translation>
    </message>
    <message>
        <source>Discord rejected the token: paste a new one on the Connection page, then Save</source>
        <translation>O Discord recusou o token: cole um novo na página Conexão e depois salve</translation>
    </message>
    <message>
        <source>Message Content intent is off: turn it on in the Developer Portal (your app → Bot), then press Reconnect now</source>
        <translation>O Message Content intent está desligado: ative-o no Developer Portal (seu app → Bot) e clique em Reconectar agora</translation>
    </message>
    <message>
        <source>Settings problem: {reason}</source>
        <translation>Problema nas configurações: {reason}</translation>
    </message>
    <message>
        <source>Saved, and connected to Discord with the new settings.</source>
        <translation>Salvo e conectado ao Discord com as novas configurações.</translation>
    </message>
    <message>
        <source>{error} Saving here replaces that file.</source>
        <translation>{error} Salvar aqui substitui esse arquivo.</translation>
    </message>
    <message>
        <source>{name} (from FAMILIAR_CHARACTER)</source>
        <translation>{name} (de FAMILIAR_CHARACTER)</translation>
    </message>
    <message>
        <source>Not saved: {problems}</source>
        <translation>Não salvo: {problems}</translation>
    </message>
    <message>
        <source>Not saved: fix the marked fields.</source>
        <translation>Não salvo: corrija os campos marcados.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Salvando…</translation>
    </message>
    <message>
        <source>Saved. Reconnecting to Discord with the new connection settings…</source>
        <translation>Salvo. Reconectando ao Discord com as novas configurações de conexão…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Salvo.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Mudanças não salvas</translation>
    </message>
    <message>
        <source>Save your changes before closing?</source>
        <translation>Salvar as mudanças antes de fechar?</translation>
    </message>
    <message>
        <source>Discard forgets them; Cancel keeps the window open.</source>
        <translation>Descartar esquece as mudanças; Cancelar mantém a janela aberta.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Discord rejected the token: open Settings</source>
        <extracomment>Short, tray-sized headlines for fatal errors; the full sentence (snapshot.last_error) goes in the tooltip&apos;s second line, the notification and the settings window.</extracomment>
        <translation>O Discord recusou o token: abra as Configurações</translation>
    </message>
    <message>
        <source>Message Content intent is off: see Settings</source>
        <translation>O Message Content intent está desligado: veja as Configurações</translation>
    </message>
    <message>
        <source>Settings problem: see Settings</source>
        <translation>Problema nas configurações: veja as Configurações</translation>
    </message>
    <message>
        <source>Resume</source>
        <extracomment>Every icon name `present()` can return (the icon files must exist for each).</extracomment>
        <translation>Retomar</translation>
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
        <translation>{who} · limite diário de tokens atingido</translation>
    </message>
    <message>
        <source>Connecting to Discord… ({shards})</source>
        <translation>Conectando ao Discord… ({shards})</translation>
    </message>
    <message>
        <source>Connecting to Discord…</source>
        <translation>Conectando ao Discord…</translation>
    </message>
    <message>
        <source>Paused: the bot is offline until you resume</source>
        <translation>Pausado: o bot fica offline até você retomar</translation>
    </message>
    <message>
        <source>Not set up yet: open Settings to add a bot token</source>
        <translation>Ainda não configurado: abra as Configurações para adicionar um token de bot</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconhecido</translation>
    </message>
    <message>
        <source>Error: {reason}</source>
        <translation>Erro: {reason}</translation>
    </message>
    <message>
        <source>Shutting down…</source>
        <translation>Encerrando…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Parado</translation>
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
        <translation>Reconectando agora</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Reconectando em %n s</numerusform>
            <numerusform>Reconectando em %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>{status} (attempt {number})</source>
        <translation>{status} (tentativa {number})</translation>
    </message>
</context>
<context>
    <name>TextListEditor</name>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vazio)</translation>
    </message>
    <message>
        <source>Greetings</source>
        <translation>Saudações</translation>
    </message>
    <message>
        <source>The text of this greeting</source>
        <translation>O texto desta saudação</translation>
    </message>
    <message>
        <source>Text of the selected greeting</source>
        <translation>Texto da saudação selecionada</translation>
    </message>
    <message>
        <source>Add greeting</source>
        <translation>Adicionar saudação</translation>
    </message>
    <message>
        <source>Remove the selected greeting</source>
        <translation>Remover a saudação selecionada</translation>
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
        <translation>Reconectar agora</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Configurações…</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Abrir a pasta de logs</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Iniciar com o sistema</translation>
    </message>
    <message>
        <source>About Familiar</source>
        <translation>Sobre o Familiar</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
    <message>
        <source>No file manager is set up to open folders here. The logs are in:</source>
        <translation>Nenhum gerenciador de arquivos está configurado para abrir pastas aqui. Os logs estão em:</translation>
    </message>
    <message>
        <source>Your AI character&apos;s Discord bot, in the system tray.</source>
        <translation>O bot do Discord do seu personagem de IA, na bandeja do sistema.</translation>
    </message>
    <message>
        <source>Logs:</source>
        <translation>Logs:</translation>
    </message>
</context>
<context>
    <name>UsagePage</name>
    <message>
        <source>No tokens counted yet.</source>
        <extracomment>How many days the chart and the &quot;Last 30 days&quot; columns cover.</extracomment>
        <translation>Nenhum token contado ainda.</translation>
    </message>
    <message>
        <source>Point at a bar, or select the chart and use the arrow keys, to read its day and tokens.</source>
        <translation>Aponte para uma barra, ou selecione o gráfico e use as setas, para ver o dia e os tokens.</translation>
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
        <translation>&amp;Atualizar</translation>
    </message>
    <message>
        <source>Count again from the history database</source>
        <translation>Contar de novo a partir do banco de dados do histórico</translation>
    </message>
    <message numerus="yes">
        <source>Tokens a day, last %n days (UTC)</source>
        <translation>
            <numerusform>Tokens por dia, último dia (UTC)</numerusform>
            <numerusform>Tokens por dia, últimos %n dias (UTC)</numerusform>
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
        <translation>Tokens por pessoa (quem mais usou primeiro)</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Pessoa</translation>
    </message>
    <message numerus="yes">
        <source>Last %n days (UTC)</source>
        <translation>
            <numerusform>Último dia (UTC)</numerusform>
            <numerusform>Últimos %n dias (UTC)</numerusform>
        </translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Servidores</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Pessoas</translation>
    </message>
    <message>
        <source>Tokens are what the model read and wrote for the bot&apos;s replies, counted per UTC day. Daily limits and the price per 1M tokens are set on the Behaviour page.</source>
        <translation>Tokens são o que o modelo leu e escreveu para as respostas do bot, contados por dia UTC. Os limites diários e o preço por 1M de tokens ficam na página Comportamento.</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Contando…</translation>
    </message>
    <message>
        <source>As of {time} UTC.</source>
        <translation>Às {time} UTC.</translation>
    </message>
    <message>
        <source>Today (UTC)</source>
        <translation>Hoje (UTC)</translation>
    </message>
    <message>
        <source>Today (UTC): {tokens}</source>
        <translation>Hoje (UTC): {tokens}</translation>
    </message>
    <message>
        <source>{tokens} in all.</source>
        <translation>{tokens} no total.</translation>
    </message>
    <message numerus="yes">
        <source>Cost: {today} today, {period} over %n days (at {price} per 1M tokens).</source>
        <translation>
            <numerusform>Custo: {today} hoje, {period} em %n dia (a {price} por 1M de tokens).</numerusform>
            <numerusform>Custo: {today} hoje, {period} em %n dias (a {price} por 1M de tokens).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{tokens} in %n days; the most on {day}.</source>
        <translation>
            <numerusform>{tokens} em %n dia; o máximo em {day}.</numerusform>
            <numerusform>{tokens} em %n dias; o máximo em {day}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Direct messages</source>
        <translation>Mensagens diretas</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoje</translation>
    </message>
    <message numerus="yes">
        <source>Last %n days</source>
        <translation>
            <numerusform>Último dia</numerusform>
            <numerusform>Últimos %n dias</numerusform>
        </translation>
    </message>
</context>
</TS>
