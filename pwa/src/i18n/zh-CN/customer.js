// The customer page at /c/<token> (loaded with that page only).
// zh-CN; keys are namespaced "customer.<screen>.<name>" and must match the other languages.
export default {
  'customer.title': '您的反馈',
  'customer.about': '评价对象：{name}',
  'customer.thanks': '谢谢您！',
  'customer.thanks_body': '您的回答已收到。',
  'customer.invalid_link': '此链接已失效。',
  'customer.retry': '发送失败。请检查网络后再次点击提交——您的回答已保留。',
  'customer.another': '再填一份',
  'customer.repeat.daily': '您今天已经在本设备上回答过了，欢迎明天再来评价。',
  'customer.repeat.once': '本设备的回答已经记录，感谢您抽出时间。',
};
