/**
 * The application commands: `/errcode query:<text>` (autocompleted) and the message context-menu
 * "Explain error". register.ts PUTs these; the handlers route on the same names.
 */
import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  type RESTPostAPIApplicationCommandsJSONBody,
  SlashCommandBuilder,
} from 'discord.js';

export const COMMAND_NAME = 'errcode';
export const QUERY_OPTION = 'query';
export const CONTEXT_MENU_NAME = 'Explain error';
/** The engine reads the first 200 characters of a query; Discord enforces it in the client. */
export const QUERY_MAX_LENGTH = 200;

export const errcodeCommand = new SlashCommandBuilder()
  .setName(COMMAND_NAME)
  .setDescription('Explain a Tencent QQ/MSDK or Huawei error code')
  .setDescriptionLocalizations({ 'zh-CN': '解释腾讯 QQ/MSDK 或华为的错误码', 'zh-TW': '解釋騰訊 QQ/MSDK 或華為的錯誤碼' })
  .addStringOption((option) =>
    option
      .setName(QUERY_OPTION)
      .setDescription('An error code, a code pair such as "1101 20155", or an error message')
      .setDescriptionLocalizations({
        'zh-CN': '错误码、错误码组合（如 "1101 20155"）或错误信息',
        'zh-TW': '錯誤碼、錯誤碼組合（如 "1101 20155"）或錯誤訊息',
      })
      .setRequired(true)
      .setAutocomplete(true)
      .setMaxLength(QUERY_MAX_LENGTH),
  )
  .toJSON();

export const explainErrorCommand = new ContextMenuCommandBuilder()
  .setName(CONTEXT_MENU_NAME)
  .setNameLocalizations({ 'zh-CN': '解释错误码', 'zh-TW': '解釋錯誤碼' })
  .setType(ApplicationCommandType.Message)
  .toJSON();

export const COMMAND_DEFINITIONS: readonly RESTPostAPIApplicationCommandsJSONBody[] = Object.freeze([errcodeCommand, explainErrorCommand]);

/** discord.js appends `/v10` itself: a trailing slash in DISCORD_API_URL would double it. */
export function restApiBase(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, '');
}
