// 人力资源控制台：员工确认阅读评估的情况。
export default {
  'ack.title': '员工确认阅读情况',
  'ack.none': '尚无员工确认阅读评估报告。',
  'ack.name': '员工',
  'ack.when': '确认日期',
  'ack.comment': '员工意见',
};
