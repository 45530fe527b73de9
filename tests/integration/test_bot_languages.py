"""The bot speaks the reader's language in Discord (issue 14), with the real discord.py client
against the fake Discord: the server's language (its preferred locale) for what the channel
sees, the asker's (the interaction's locale) for ephemeral answers, English when unknown.

The fake gives every guild a `locale` (its preferred_locale, and the guild_locale of its
interactions) and takes an interaction's own `locale` in `slash(...)`.
"""

from __future__ import annotations

from bot.settings import Settings
from bot.supervisor import State
from tests.conftest import SupervisorFactory, wait_for_state
from tests.fakes.discord_server import Channel, FakeDiscord
from tests.fakes.openai_server import FakeModel
from tests.integration.test_commands import admin, run, synced

#: Discord's locales of the languages shipped, which every description must be given in.
LOCALES = {"de", "es-ES", "es-419", "pt-BR", "ru"}


async def test_a_german_server_hears_model_errors_in_german(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    fake_discord.guild.locale = "de"  # type: ignore[attr-defined]
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    fake_model.fail_next(401)  # not retried: one request
    question = await fake_discord.user_says(general, fake_discord.alice, "hallo?", mentions_bot=True)  # type: ignore[attr-defined]
    (notice,) = await fake_discord.wait_for_answers(question)
    assert notice.content == "⚠️ Der Modellserver hat den API-Schlüssel abgelehnt."
    # A stream cut off halfway: the note under the partial reply is German too.
    fake_model.reply = "Es war einmal ein langer Text, der nie richtig endete"
    fake_model.cut_stream_after(3)
    story = await fake_discord.user_says(general, fake_discord.alice, "erzähl", mentions_bot=True)  # type: ignore[attr-defined]
    (reply,) = await fake_discord.wait_for_answers(story)
    assert (reply.content or "").endswith("*(das Modell hat mitten in der Antwort aufgehört)*")


async def test_a_german_servers_daily_limit_notice_is_german(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    fake_discord.guild.locale = "de"  # type: ignore[attr-defined]
    supervisor = await make_supervisor(Settings(daily_token_limit_per_user=20))
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    alice = fake_discord.alice  # type: ignore[attr-defined]
    await fake_discord.wait_for_answers(
        await fake_discord.user_says(general, alice, "a long question", mentions_bot=True)
    )
    assert supervisor.client is not None
    await supervisor.client.wait_drained()
    (notice,) = await fake_discord.wait_for_answers(
        await fake_discord.user_says(general, alice, "more", mentions_bot=True)
    )
    assert (notice.content or "").startswith("💤 Du hast dein Tageskontingent von 20 Tokens aufgebraucht;")
    assert (notice.content or "").endswith("um 00:00 UTC neu. Bis dahin ruhe ich.")


async def test_ephemeral_answers_follow_the_askers_language_and_channel_posts_the_servers(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    fake_discord.guild.locale = "de"  # type: ignore[attr-defined]
    alice = await admin(fake_discord)
    await synced(make_supervisor, fake_discord)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    quiet = fake_discord.guild.channel("random")  # type: ignore[attr-defined]

    async def ask(where: Channel | str, command: str, locale: str) -> tuple[str, bool]:
        payload = await fake_discord.slash(where, alice, command, None, locale=locale)
        return await fake_discord.wait_for_reply(payload), fake_discord.record_of(payload).ephemeral

    text, private = await ask(general, "status", "pt-BR")
    assert private and "**Modelo:** fake-model" in text and "**Personagens aqui:** Familiar" in text
    assert "**Conectado há:**" in text
    assert await ask(quiet, "regenerate", "pt-BR") == (
        "Ainda não há nenhuma resposta para gerar de novo neste canal.",
        True,
    )
    assert await ask(quiet, "regenerate", "es-419") == (
        "Todavía no hay ninguna respuesta que regenerar en este canal.",
        True,
    )
    assert await ask(quiet, "regenerate", "en-US") == ("There is no reply to regenerate in this channel yet.", True)
    # What the whole channel sees is in the server's language, whoever asked.
    assert await ask(general, "reset", "pt-BR") == ("Hier beginnt ein neues Gespräch.", False)
    # The same in an English server is byte for byte what it always was.
    fake_discord.guild.locale = "en-US"  # type: ignore[attr-defined]
    assert await ask(general, "reset", "ru") == ("A new conversation starts here.", False)
    text, _ = await run(fake_discord, general, alice, "help")
    assert text.startswith("I play AI characters.")


async def test_command_descriptions_are_synced_in_every_language_and_names_stay_english(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    await synced(make_supervisor, fake_discord)
    (sync,) = fake_discord.command_syncs
    by_name = {command["name"]: command for command in sync.commands}
    assert set(by_name) == {"character", "cast", "reset", "regenerate", "status", "help"}
    status = by_name["status"]
    assert status["description"] == "How the bot is doing"
    assert set(status["description_localizations"]) >= LOCALES
    assert status["description_localizations"]["de"] == "Wie es dem Bot geht"
    assert status["description_localizations"]["ru"] == "Как дела у бота"
    for command in sync.commands:
        assert not command.get("name_localizations"), command["name"]
        assert set(command["description_localizations"]) >= LOCALES, command["name"]
    character_set = next(o for o in by_name["character"]["options"] if o["name"] == "set")
    (name_option,) = character_set["options"]
    assert name_option["name"] == "name" and not name_option.get("name_localizations")
    assert name_option["description_localizations"]["pt-BR"] == "Nome ou id de um personagem salvo"


async def test_a_dm_notice_is_english_until_an_interaction_tells_the_persons_language(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    await synced(make_supervisor, fake_discord)
    alice = fake_discord.alice  # type: ignore[attr-defined]
    fake_model.fail_next(401)  # not retried: one request
    (notice,) = await fake_discord.wait_for_answers(await fake_discord.user_says_dm(alice, "oi?"))
    assert notice.content == "⚠️ The model server rejected the API key."
    payload = await fake_discord.slash("dm", alice, "help", None, locale="pt-BR")
    assert (await fake_discord.wait_for_reply(payload)).startswith("Eu interpreto personagens de IA.")
    fake_model.fail_next(401)  # not retried: one request
    (notice,) = await fake_discord.wait_for_answers(await fake_discord.user_says_dm(alice, "e agora?"))
    assert notice.content == "⚠️ O servidor do modelo rejeitou a chave de API."
