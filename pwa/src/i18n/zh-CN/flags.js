// HR's visit review: flagging answers for the shopper to check when the visit is returned.
// zh-CN; keys must match the other languages.
export default {
  'flags.flag': '标记',
  'flags.flag_label': '标记：{q}',
  'flags.flagged': '已标记',
  'flags.title': '需复核的题目（{n}）',
  'flags.none': '尚未标记。点答案旁的"标记"，暗访员会看到这些题目。',
  'flags.hint': '随"驳回"一起发送：暗访员会看到这些题目被标出。',
  'flags.unflag': '已标记：{q}',
};
