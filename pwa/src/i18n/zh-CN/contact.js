// 顾客投诉后留下联系方式以便回访（issue 14 §2）。zh-CN；键与其他语言一致。
export default {
  'contact.offer': '很抱歉给您带来不好的体验。我们可以回电联系您吗？',
  'contact.voluntary': '完全自愿：留下电话或邮箱，店长会就此次反馈与您联系。无论是否留下，您上面的回答都保持匿名。',
  'contact.name': '您的称呼（可选）',
  'contact.phone': '电话',
  'contact.email': '电子邮箱',
  'contact.consent': '我同意门店将我的称呼和联系方式与我的回答分开保存，仅用于就此次反馈联系我。',
  'contact.send': '提交联系方式',
  'contact.sent': '谢谢！店长会与您联系。',
  'contact.need_consent': '请勾选同意后再提交联系方式，或直接离开本页。',
  'contact.need_way': '请填写电话号码或电子邮箱。',
  'contact.failed': '联系方式未能提交，请重试。',
};
