// 暗访员的表单页（issue 15）：平和的必答题计数、退回的暗访、提交前的汇总。
// zh-CN；键名 "shopper.<part>.<name>" 与其他语言一致。
export default {
  'shopper.count.some': '必答题已答 {a} / {r}',
  'shopper.count.all': '{r} 道必答题已全部作答',
  'shopper.count.none_required': '没有必答题',
  'shopper.count.added': '根据您的回答新增 {n} 道追问，现共 {r} 道必答题。',
  'shopper.count.removed': '{n} 道追问已不适用，现共 {r} 道必答题。',
  'shopper.returned.title': 'HR 已退回。',
  'shopper.returned.reason': '原因：{r}',
  'shopper.returned.kept': '您之前的回答和照片已保留，只需修改必要之处后重新提交。',
  'shopper.returned.flagged': 'HR 请您复核：',
  'shopper.summary.title': '您的回答',
  'shopper.summary.not_answered': '未作答',
  'shopper.summary.end_now': '提交时',
  'shopper.summary.no_location': '未记录',
  'shopper.summary.what_is_sent': '提交后，这些回答、暗访信息和 {n} 张照片将发送给 HR 审核。提交前它们只保存在本机。',
  'shopper.visit.location_value': '精度 ±{acc}，记录于 {t}',
};
